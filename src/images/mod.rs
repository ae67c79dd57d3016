//! The images stage, between parsing and resolving: every picture the
//! articles name is found (beside the article, under `content/` or
//! `static/`; never outside them), checked, and made into resized WebP and
//! fallback variants once — the results are cached beside the output by a
//! hash of the source bytes and the parameters, so a rebuild encodes only
//! new or changed pictures. A picture that cannot be used is a warning on
//! its article's line, and the article is published without it.

pub(crate) mod codec;
pub(crate) mod store;

use std::collections::BTreeSet;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Condvar, Mutex, RwLock};

use rayon::prelude::*;

use crate::content::{Article, ImageRef, Picture, Variant};
use crate::load::statics::{StaticFile, StaticSource};
use crate::report::Diagnostic;
use codec::Header;
use store::{Entry, Store};

/// Changes whenever the encoding changes, so old cache entries are not used.
const ENCODING_VERSION: u32 = 1;
/// The output folder of processed pictures.
pub(crate) const MEDIA_DIR: &str = "media";
/// What all pictures being decoded at once may hold.
const MEMORY_BUDGET: u64 = 640 * 1024 * 1024;

/// Where pictures are looked for, and what is made of them.
pub(crate) struct Setup<'a> {
    pub content_dir: &'a Path,
    pub static_dir: Option<&'a Path>,
    pub encoding: Encoding<'a>,
}

/// What a picture is made into, and where that is kept.
#[derive(Clone, Copy)]
pub(crate) struct Encoding<'a> {
    pub widths: &'a [u32],
    pub quality: u8,
    /// The cache to read and fill; `None` checks every picture without
    /// writing anything (`sahifa check`).
    pub store: Option<&'a Store>,
    /// Plan pictures that are not cached from their headers alone and
    /// leave the encoding to later (`serve`: the first preview must not wait
    /// for a thousand photos; see [`Lazy`]), except those already found
    /// unusable: `None` encodes now.
    pub lazy: Option<&'a Refused>,
}

/// Pictures `serve` found unusable after planning them from their headers
/// (cut short, corrupt): cache key → why.
pub(crate) type Refused = RwLock<HashMap<u64, String>>;

/// What the stage made.
#[derive(Default)]
pub(crate) struct Processed {
    /// The variants to place in the output (`media/…`).
    pub media: Vec<StaticFile>,
    /// Source files made into pictures. They are not copied to the output
    /// as they are: their metadata may tell where a photo was taken.
    pub sources: HashSet<PathBuf>,
    /// Files named as pictures that could not be made into one: no page
    /// shows them, so they are not copied either.
    pub unusable: HashSet<PathBuf>,
    /// Pictures encoded in this run; the others came from the cache.
    pub encoded: usize,
    /// `default_image`, processed like an article's.
    pub default_picture: Option<Picture>,
    /// Its file: the site's own (a logo templates may show too), so it is
    /// published as it is even from `static/`.
    pub default_source: Option<PathBuf>,
    /// The writers' photos of [`Photos`], in its order (`None`: unusable).
    pub photos: Vec<Option<Picture>>,
    /// With [`Encoding::lazy`]: every output file and how to make it.
    pub lazy_media: Vec<(String, LazyFile)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Processed {
    /// Whether `path` (canonical) is an article's picture, made into
    /// variants or refused: never published as it is.
    pub(crate) fn withholds(&self, path: &Path) -> bool {
        (self.sources.contains(path) || self.unusable.contains(path))
            && self.default_source.as_deref() != Some(path)
    }
}

/// The writers' photos (`data/authors`): each writer's name and photo as
/// written (empty: none), and the file naming them (for messages). Found like
/// `default_image`: under `content/` or, site-absolute, `static/`.
#[derive(Default)]
pub(crate) struct Photos<'a> {
    pub file: PathBuf,
    pub named: Vec<(&'a str, &'a str)>,
}

/// A picture reference found: a URL to use as it is, or a file (canonical).
enum Located {
    Remote(String),
    Local(PathBuf),
}

/// A source file made into variants: its cache key and entry.
type Made = Result<(u64, Entry), String>;

/// Processes every article's lead and body pictures, and `default_image`
/// (reported against `site.toml`), filling `Article::picture` and
/// `Article::body_pictures`, and the writers' `photos`.
pub(crate) fn process(
    articles: &mut [Article],
    default_image: &str,
    photos: &Photos,
    setup: &Setup,
) -> Processed {
    let roots = Roots::new(setup);
    let mut out = Processed::default();
    // Locate every reference (cheap), then make each distinct file once.
    let located: Vec<Vec<Result<Located, String>>> = articles
        .par_iter()
        .map(|a| {
            let folder = article_folder(setup.content_dir, &a.id);
            refs_of(a)
                .map(|image| locate(&image.src, &folder, &roots))
                .collect()
        })
        .collect();
    let default_located = (!default_image.trim().is_empty())
        .then(|| locate(default_image.trim(), setup.content_dir, &roots));
    // A writer without a photo has none to find.
    let photos_located: Vec<Option<Result<Located, String>>> = photos
        .named
        .iter()
        .map(|(_, src)| {
            let src = src.trim();
            (!src.is_empty()).then(|| locate(src, setup.content_dir, &roots))
        })
        .collect();
    let files: Vec<&PathBuf> = {
        let mut seen = HashSet::new();
        let all = located.iter().flatten().chain(default_located.iter());
        let all = all.chain(photos_located.iter().flatten());
        all.filter_map(|l| match l {
            Ok(Located::Local(path)) if seen.insert(path) => Some(path),
            _ => None,
        })
        .collect()
    };
    let budget = Budget::new(MEMORY_BUDGET);
    let made: HashMap<&PathBuf, (Made, bool)> = files
        .into_par_iter()
        .map(|path| (path, make(path, &setup.encoding, &budget)))
        .collect();
    out.encoded = made
        .values()
        .filter(|(made, encoded)| *encoded && made.is_ok())
        .count();
    let mut used: HashSet<(u64, PathBuf)> = HashSet::new();
    let mut picture_of = |located: &Result<Located, String>| -> Result<Picture, String> {
        match located.as_ref()? {
            Located::Remote(url) => Ok(Picture::Remote(url.clone())),
            Located::Local(path) => {
                let (made, _) = &made[path];
                let (key, entry) = made.as_ref().map_err(Clone::clone)?;
                used.insert((*key, path.clone()));
                Ok(picture(*key, entry, path))
            }
        }
    };
    for (article, located) in articles.iter_mut().zip(&located) {
        let refs: Vec<ImageRef> = refs_of(article).cloned().collect();
        let mut results = refs.iter().zip(located).map(|(image, l)| {
            let result = picture_of(l);
            if let Err(reason) = &result {
                // A file found but unusable is not published as it is either.
                let left_out = if matches!(l, Ok(Located::Local(_))) {
                    ", and the file is left out of the site"
                } else {
                    ""
                };
                out.diagnostics.push(
                    Diagnostic::warning(
                        Some(&article.path),
                        image.line,
                        format!(
                            "picture «{}» {reason}; the article is published without it{left_out}",
                            image.src
                        ),
                    )
                    .of(
                        crate::report::Kind::Image,
                        serde_json::json!({ "src": image.src, "problem": reason.to_string() }),
                    ),
                );
            }
            (image.src.clone(), result.ok())
        });
        if article.image.is_some() {
            article.picture = results.next().and_then(|(_, p)| p);
        }
        for shot in &mut article.gallery {
            shot.picture = results.next().and_then(|(_, p)| p);
        }
        article.body_pictures = results.filter_map(|(src, p)| Some((src, p?))).collect();
    }
    if let Some(Ok(Located::Local(path))) = &default_located {
        out.default_source = Some(path.clone());
    }
    if let Some(located) = &default_located {
        match picture_of(located) {
            Ok(p) => out.default_picture = Some(p),
            Err(reason) => out.diagnostics.push(Diagnostic::warning(
                Some(&setup.content_dir.with_file_name(crate::config::CONFIG_FILE)),
                None,
                format!(
                    "default_image «{}» {reason}; share previews go without it",
                    default_image.trim()
                ),
            )
            .of(
                crate::report::Kind::Image,
                serde_json::json!({ "src": default_image.trim(), "problem": reason.to_string() }),
            )),
        }
    }
    for ((writer, src), located) in photos.named.iter().zip(&photos_located) {
        let Some(located) = located else {
            out.photos.push(None);
            continue;
        };
        let photo = picture_of(located);
        if let Err(reason) = &photo {
            out.diagnostics.push(
                Diagnostic::warning(
                    Some(&photos.file),
                    None,
                    format!(
                        "the photo «{src}» of «{writer}» {reason}; the profile goes without it"
                    ),
                )
                .of(
                    crate::report::Kind::Image,
                    serde_json::json!({ "src": src, "problem": reason.to_string() }),
                ),
            );
        }
        out.photos.push(photo.ok());
    }
    for (key, path) in used {
        if let (Some(store), Ok((_, entry))) = (setup.encoding.store, &made[&path].0) {
            let files = media_files(store, key, entry, &path);
            if setup.encoding.lazy.is_some() {
                let lazy = files.into_iter().filter_map(|f| match f.source {
                    StaticSource::Link(cached) => Some((
                        f.rel,
                        LazyFile {
                            source: path.clone(),
                            key,
                            cached,
                        },
                    )),
                    _ => None,
                });
                out.lazy_media.extend(lazy);
            } else {
                out.media.extend(files);
            }
        }
        out.sources.insert(path);
    }
    let unusable = made.iter().filter(|(_, (made, _))| made.is_err());
    out.unusable = unusable.map(|(path, _)| PathBuf::clone(path)).collect();
    out.media.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// An article's picture references: the lead picture first, then the
/// gallery's, then the body's.
fn refs_of(article: &Article) -> impl Iterator<Item = &ImageRef> {
    article
        .image
        .iter()
        .chain(article.gallery.iter().map(|g| &g.image))
        .chain(article.body_images.iter())
}

/// The folder of the article with id `id` (its path under `content/`).
fn article_folder(content_dir: &Path, id: &str) -> PathBuf {
    let path = content_dir.join(id);
    path.parent()
        .map_or_else(|| content_dir.to_path_buf(), Path::to_path_buf)
}

/// `content/` and `static/`, canonical, for the containment check.
struct Roots<'a> {
    content: &'a Path,
    static_dir: Option<&'a Path>,
    allowed: Vec<PathBuf>,
}

impl<'a> Roots<'a> {
    fn new(setup: &Setup<'a>) -> Self {
        let allowed = std::iter::once(setup.content_dir)
            .chain(setup.static_dir)
            .filter_map(|dir| dir.canonicalize().ok())
            .collect();
        Roots {
            content: setup.content_dir,
            static_dir: setup.static_dir,
            allowed,
        }
    }
}

/// Finds the file `src` names: relative to the article's folder, then to
/// `content/`; site-absolute (`/images/a.jpg`) under `static/`, then
/// `content/`. URLs are used as they are.
fn locate(src: &str, folder: &Path, roots: &Roots) -> Result<Located, String> {
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return remote_url(src).map(Located::Remote);
    }
    if src.contains("://") || lower.starts_with("data:") || src.starts_with("//") {
        return Err("is neither a file of the site nor an http(s) URL".into());
    }
    let decoded = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
    let relative = decoded.split(['?', '#']).next().unwrap_or_default();
    let candidates: Vec<PathBuf> = match relative.strip_prefix('/') {
        Some(rest) => roots
            .static_dir
            .into_iter()
            .chain([roots.content])
            .map(|dir| dir.join(rest))
            .collect(),
        None => vec![folder.join(relative), roots.content.join(relative)],
    };
    let Some(found) = candidates.iter().find(|c| c.exists()) else {
        return Err("does not exist".into());
    };
    let canonical = found
        .canonicalize()
        .map_err(|e| format!("cannot be opened ({e})"))?;
    if !roots.allowed.iter().any(|root| canonical.starts_with(root)) {
        return Err("is outside content/ and static/".into());
    }
    if !canonical.is_file() {
        return Err("is not a file".into());
    }
    Ok(Located::Local(canonical))
}

/// A picture's http(s) address as pages will name it: a host, and nothing
/// a browser would read otherwise (spaces end a `srcset` entry, quotes and
/// angle brackets are never part of an address).
fn remote_url(src: &str) -> Result<String, String> {
    let rest = src.split_once("://").map_or("", |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_name = host.rsplit('@').next().unwrap_or_default();
    if host_name.is_empty() || host_name.starts_with(':') {
        return Err("is an address without a host".into());
    }
    if src
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\{}|^".contains(c))
    {
        return Err(
            "is not a valid address (it holds spaces, quotes or brackets; percent-encode them)"
                .into(),
        );
    }
    Ok(src.to_string())
}

/// Makes (or finds in the cache) the variants of one file; true when it
/// was encoded in this run.
fn make(path: &Path, setup: &Encoding, budget: &Budget) -> (Made, bool) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return (Err(format!("cannot be read ({e})")), false),
    };
    let key = cache_key(&bytes, setup);
    if let Some(entry) = setup.store.and_then(|store| store.read(key)) {
        return (Ok((key, entry)), false);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if let Some(reason) = setup.lazy.and_then(|refused| known_refusal(refused, key)) {
        return (Err(reason), false);
    }
    let made = codec::inspect(&bytes, &ext).and_then(|header| {
        if setup.lazy.is_some() {
            return Ok(planned(&bytes, &header, setup));
        }
        let _permit = budget.take(header.working_bytes());
        encode(&bytes, &header, key, setup)
    });
    (
        made.map(|entry| (key, entry)),
        setup.store.is_some() && setup.lazy.is_none(),
    )
}

fn known_refusal(refused: &Refused, key: u64) -> Option<String> {
    refused
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned()
}

/// What encoding would make, from the header and the EXIF orientation.
fn planned(bytes: &[u8], header: &Header, setup: &Encoding) -> Entry {
    let (w, h) = codec::upright_size(bytes, header);
    Entry {
        fallback_ext: codec::fallback_ext(header.format).into(),
        sizes: codec::plan_widths(w, setup.widths)
            .into_iter()
            .map(|width| (width, codec::scaled_height(w, h, width), 0))
            .collect(),
    }
}

/// Pictures `serve` encodes when a browser first asks for them, instead of
/// before the first preview: output name → source file and cache key. Only
/// what is looked at is encoded. A background pass ([`Lazy::check_next`])
/// decodes the others one at a time, so a damaged picture is reported as
/// `build` reports it without the editor opening its page.
pub(crate) struct Lazy {
    store: Store,
    widths: Vec<u32>,
    quality: u8,
    index: RwLock<HashMap<String, LazyFile>>,
    budget: Budget,
    /// Pictures that did not decode; the next plan leaves them out.
    pub refused: Refused,
    /// Pictures the background pass decoded (cache keys).
    checked: Mutex<HashSet<u64>>,
    /// Pictures being encoded for a browser now (cache keys), and the
    /// signal that one is done.
    encoding: Mutex<HashSet<u64>>,
    encoded: Condvar,
    /// Encodes done for browsers (each picture should be done once).
    encodes: std::sync::atomic::AtomicUsize,
    /// Where a refused picture's source is sent, for the pages showing it
    /// to be planned again (the rebuild loop's batches).
    on_refused: Mutex<Option<Sender<BTreeSet<PathBuf>>>>,
}

/// An output file of a picture `serve` encodes on request: its source, the
/// cache key, and the cached file it will be.
#[derive(Debug, Clone)]
pub(crate) struct LazyFile {
    source: PathBuf,
    key: u64,
    cached: PathBuf,
}

impl Lazy {
    pub(crate) fn new(store: Store, widths: &[u32], quality: u8) -> Self {
        Lazy {
            store,
            widths: widths.to_vec(),
            quality,
            index: Default::default(),
            budget: Budget::new(MEMORY_BUDGET),
            refused: Default::default(),
            checked: Default::default(),
            encoding: Default::default(),
            encoded: Condvar::new(),
            encodes: Default::default(),
            on_refused: Mutex::new(None),
        }
    }

    /// Sends the source of each picture found unusable from now on to `to`.
    pub(crate) fn notify_refusals(&self, to: Sender<BTreeSet<PathBuf>>) {
        *self.on_refused.lock().unwrap_or_else(|e| e.into_inner()) = Some(to);
    }

    /// Decodes one picture of the site that is neither cached nor checked
    /// yet; `false` when none is left. One that does not decode is refused
    /// (see [`Lazy::refuse`]). Nothing is encoded: that waits for a browser.
    pub(crate) fn check_next(&self) -> bool {
        let next = {
            let index = self.index.read().unwrap_or_else(|e| e.into_inner());
            let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            let next = index.values().find(|f| !checked.contains(&f.key)).cloned();
            if let Some(file) = &next {
                checked.insert(file.key);
            }
            next
        };
        let Some(file) = next else {
            return false;
        };
        if self.store.read(file.key).is_some() {
            return true;
        }
        let encoding = Encoding {
            widths: &self.widths,
            quality: self.quality,
            store: None,
            lazy: None,
        };
        if let (Err(reason), _) = make(&file.source, &encoding, &self.budget) {
            self.refuse(&file, reason);
        }
        true
    }

    /// Remembers that `file`'s picture cannot be used and says so to the
    /// rebuild loop — unless the file changed since it was planned (then
    /// the watcher brings the new one).
    fn refuse(&self, file: &LazyFile, reason: String) {
        let unchanged = std::fs::read(&file.source).is_ok_and(|bytes| {
            let encoding = Encoding {
                widths: &self.widths,
                quality: self.quality,
                store: None,
                lazy: None,
            };
            cache_key(&bytes, &encoding) == file.key
        });
        if !unchanged {
            return;
        }
        let fresh = self
            .refused
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.key, reason)
            .is_none();
        let notify = self.on_refused.lock().unwrap_or_else(|e| e.into_inner());
        if let (true, Some(to)) = (fresh, notify.as_ref()) {
            let _ = to.send(BTreeSet::from([file.source.clone()]));
        }
    }

    /// Adds pictures of the site (output name and how to make it).
    pub(crate) fn add(&self, media: &[(String, LazyFile)]) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        for (rel, file) in media {
            index.insert(rel.clone(), file.clone());
        }
    }

    /// The bytes of output file `rel`, encoding its picture first when it
    /// is not cached yet; `None` when `rel` is no picture of the site.
    pub(crate) fn get(&self, rel: &str) -> Option<Result<Vec<u8>, String>> {
        let file = self
            .index
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            .cloned()?;
        Some(
            self.ensure(&file)
                .and_then(|()| std::fs::read(&file.cached).map_err(|e| e.to_string())),
        )
    }

    /// Encodes `file`'s picture into the cache unless it is there. One
    /// picture is encoded once at a time: a page asking for its variants
    /// twenty times at once, or two files of the same bytes, wait for the
    /// first encode; one found unusable is not decoded again.
    fn ensure(&self, file: &LazyFile) -> Result<(), String> {
        let refusal = |reason: String| format!("picture {} {reason}", file.source.display());
        let mut encoding_now = self.encoding.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.store.read(file.key).is_some() {
                return Ok(());
            }
            if let Some(reason) = known_refusal(&self.refused, file.key) {
                return Err(refusal(reason));
            }
            if encoding_now.insert(file.key) {
                break;
            }
            encoding_now = self
                .encoded
                .wait(encoding_now)
                .unwrap_or_else(|e| e.into_inner());
        }
        drop(encoding_now);
        let made = self.encode_now(file);
        let mut encoding_now = self.encoding.lock().unwrap_or_else(|e| e.into_inner());
        encoding_now.remove(&file.key);
        self.encoded.notify_all();
        made.map_err(refusal)
    }

    fn encode_now(&self, file: &LazyFile) -> Result<(), String> {
        self.encodes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let encoding = Encoding {
            widths: &self.widths,
            quality: self.quality,
            store: Some(&self.store),
            lazy: None,
        };
        match make(&file.source, &encoding, &self.budget).0 {
            Ok(_) => Ok(()),
            Err(reason) => {
                self.refuse(file, reason.clone());
                Err(reason)
            }
        }
    }
}

/// Decodes and, with a store, encodes and caches every variant; without
/// one, only checks that the picture decodes and says what would be made.
fn encode(bytes: &[u8], header: &Header, key: u64, setup: &Encoding) -> Result<Entry, String> {
    let image = codec::decode(bytes, header)?;
    let fallback_ext = codec::fallback_ext(header.format);
    let Some(store) = setup.store else {
        let (w, h) = (image.width(), image.height());
        let sizes = codec::plan_widths(w, setup.widths)
            .into_iter()
            .map(|width| (width, codec::scaled_height(w, h, width), 0))
            .collect();
        return Ok(Entry {
            fallback_ext: fallback_ext.to_string(),
            sizes,
        });
    };
    let encoded = codec::encode_all(image, header.format, setup.widths, setup.quality)?;
    store
        .write(key, fallback_ext, &encoded)
        .map_err(|e| format!("could not be cached in {} ({e})", store.dir().display()))
}

/// The cache key: the source bytes and everything that changes the output.
fn cache_key(bytes: &[u8], setup: &Encoding) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    (ENCODING_VERSION, setup.widths, setup.quality).hash(&mut h);
    bytes.hash(&mut h);
    h.finish()
}

/// The name variants of `path` take in the output: its file stem (ASCII
/// letters, digits, `-` and `_` only) and the cache key.
fn media_name(key: u64, path: &Path, width: u32, ext: &str) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    clean = clean.trim_matches('-').to_string();
    if clean.is_empty() {
        clean = "picture".into();
    }
    format!("{MEDIA_DIR}/{clean}.{key:016x}-{width}.{ext}")
}

fn picture(key: u64, entry: &Entry, path: &Path) -> Picture {
    let variants = entry
        .sizes
        .iter()
        .map(|&(width, height, bytes)| Variant {
            width,
            height,
            webp: media_name(key, path, width, "webp"),
            fallback: media_name(key, path, width, &entry.fallback_ext),
            bytes,
        })
        .collect();
    let fallback_type = if entry.fallback_ext == "png" {
        "image/png"
    } else {
        "image/jpeg"
    };
    Picture::Local {
        variants,
        fallback_type,
    }
}

/// The output files of a cached picture, linked from the cache.
fn media_files(store: &Store, key: u64, entry: &Entry, path: &Path) -> Vec<StaticFile> {
    let mut files = Vec::new();
    for &(width, _, _) in &entry.sizes {
        for ext in ["webp", entry.fallback_ext.as_str()] {
            files.push(StaticFile {
                rel: media_name(key, path, width, ext),
                source: StaticSource::Link(store.file(key, width, ext)),
            });
        }
    }
    files
}

/// Memory for decoding, shared by the threads: a picture waits until what
/// it needs is free, so a thousand photos decoded in parallel never hold
/// more than the budget (one larger than the budget runs alone).
struct Budget {
    free: Mutex<u64>,
    freed: Condvar,
    total: u64,
}

struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn new(total: u64) -> Self {
        Budget {
            free: Mutex::new(total),
            freed: Condvar::new(),
            total,
        }
    }

    fn take(&self, bytes: u64) -> Permit<'_> {
        let bytes = bytes.min(self.total);
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free < bytes {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= bytes;
        Permit {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut free = self.budget.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += self.bytes;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    /// A `Lazy` over one picture file of `bytes`, as `serve` plans it.
    fn lazy_over(dir: &Path, bytes: &[u8]) -> (Lazy, LazyFile) {
        let source = dir.join("photo.png");
        std::fs::write(&source, bytes).unwrap_or_else(|e| panic!("{e}"));
        let lazy = Lazy::new(Store::beside(&dir.join("public")), &[64], 80);
        let encoding = Encoding {
            widths: &lazy.widths,
            quality: lazy.quality,
            store: None,
            lazy: None,
        };
        let key = cache_key(bytes, &encoding);
        let file = LazyFile {
            source,
            key,
            cached: lazy.store.file(key, 64, "webp"),
        };
        lazy.add(&[("media/photo-64.webp".into(), file.clone())]);
        (lazy, file)
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 100, 50]));
        let mut out = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{e}"));
        out.into_inner()
    }

    #[test]
    fn a_remote_picture_address_is_checked() {
        assert!(remote_url("https://cdn.example/a.jpg?w=800").is_ok());
        assert!(remote_url("http://user@cdn.example:8080/a.jpg").is_ok());
        for bad in [
            "https://",
            "https:///a.jpg",
            "https://cdn.example/a b.jpg",
            "https://cdn.example/a\".jpg",
            "https://cdn.example/<script>.jpg",
            "https://:80/a.jpg",
        ] {
            assert!(remote_url(bad).is_err(), "{bad}");
        }
    }

    /// Issue 32, item 9: twenty requests at once for one picture's
    /// variants did twenty encodes; a damaged one was decoded per request.
    #[test]
    fn a_picture_asked_for_at_once_is_encoded_once_and_a_refused_one_not_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (lazy, _) = lazy_over(dir.path(), &png(400, 200));
        std::thread::scope(|s| {
            let asks: Vec<_> = (0..8)
                .map(|_| s.spawn(|| lazy.get("media/photo-64.webp")))
                .collect();
            for ask in asks {
                let got = ask.join().unwrap_or_else(|_| panic!("a request failed"));
                assert!(matches!(got, Some(Ok(bytes)) if !bytes.is_empty()));
            }
        });
        assert_eq!(lazy.encodes.load(Ordering::Relaxed), 1);

        let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut cut = png(400, 200);
        cut.truncate(cut.len() / 2);
        let (lazy, _) = lazy_over(other.path(), &cut);
        for _ in 0..3 {
            let got = lazy.get("media/photo-64.webp");
            assert!(matches!(got, Some(Err(reason)) if reason.contains("cut short")));
        }
        assert_eq!(lazy.encodes.load(Ordering::Relaxed), 1);
    }
}
