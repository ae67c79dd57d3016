//! `site.toml` → [`Config`]. Every key has a default, so a site without the
//! file builds.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dates::Zone;
use serde::{Deserialize, Serialize};

use crate::arabic::format::{DateStyle, MonthNames, Numerals};
use crate::arabic::slug::SlugStyle;
use crate::report::Diagnostic;
use crate::strings::{Phrase, STRINGS_FILE};

pub(crate) const CONFIG_FILE: &str = "site.toml";

/// `site.toml` as read: every key with its default (see `KEYS`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every header and feed.
    pub title: String,
    /// One line about the site, for the home page and feeds.
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/news/`. Links in
    /// pages use its path; feeds and the sitemap need it absolute.
    pub base_url: String,
    /// The `lang` of every page.
    pub language: String,
    /// Articles per listing page (home and archives).
    pub per_page: usize,
    /// Article URL pattern: `{year}`, `{month}`, `{day}`, `{slug}`, `{id}`, `{uid}`.
    pub permalink: String,
    /// How titles become `{slug}`s: `headline` spelling or `normalized` keys.
    pub slug_style: SlugStyle,
    /// The time zone: an offset (`+03:00`) or a zone name (`Asia/Riyadh`).
    pub timezone: String,
    /// Entries in each feed (Atom, RSS, JSON Feed).
    pub feed_limit: usize,
    /// `western` (0-9) or `eastern` (٠-٩) digits in dates shown to readers.
    pub numerals: Numerals,
    /// `standard` (نوفمبر), `levantine` (تشرين الثاني), `maghrebi` (نوفمبر, جوان …) or `dual`.
    pub months: MonthNames,
    /// The publisher named in feeds and structured data.
    pub publisher: String,
    /// The author named in feeds and structured data when an article has no
    /// source (default: the publisher).
    pub author: String,
    /// Minify HTML pages and stylesheets in `build` (never in `serve`).
    pub minify: bool,
    /// URLs per sitemap file; past it `sitemap.xml` becomes a sitemap index.
    pub sitemap_limit: usize,
    /// Articles this many days before the newest one (or `--now`) go in the
    /// Google News sitemap.
    pub news_days: u32,
    /// The sections, in masthead order (`[[sections]]`).
    pub sections: Vec<SectionConfig>,
    /// The taxonomies: which exist, their names and URL segments.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// More lines of page furniture to drop from raw text, besides the
    /// built-in ones; a line starting with one is dropped.
    pub furniture: Vec<String>,
    /// Keep every line of raw text: no page debris (menus, share rows,
    /// comment forms …) left out.
    pub keep_debris: bool,
    /// Labelled lines of raw text read into `extra`: label → field
    /// (`"المحرر" = "editor"` reads `المحرر: فلان` as `page.extra.editor`).
    pub raw_fields: std::collections::BTreeMap<String, String>,
    /// The site's own pages the footer links to, in order (`[[footer]]`);
    /// empty: every page of `pages/`, by file name.
    pub footer: Vec<FooterLink>,
    /// How clips and posts of other sites are shown: behind a card that
    /// loads nothing from the provider until the reader asks, or at once.
    pub embeds: EmbedMode,
    /// The static hosts the output is published to, whose own files the
    /// build writes (`_headers`, `_redirects`, `.nojekyll`, `CNAME`).
    pub hosts: Vec<Host>,
    /// Where `sahifa deploy` uploads the output (`[[deploy]]`).
    pub deploy: Vec<DeployTarget>,
    /// `Cache-Control` of uploaded files by path pattern, over the
    /// defaults (`[[cache_control]]`; first match wins).
    pub cache_control: Vec<CacheRule>,
    /// Where each provider's player is loaded from, when not its own
    /// (a privacy proxy): provider → origin (`youtube = "https://…"`).
    pub embed_origins: std::collections::BTreeMap<String, String>,
    /// Widths, in pixels, each picture is resized to (never upscaled).
    pub image_widths: Vec<u32>,
    /// WebP (and JPEG fallback) quality, 1–100.
    pub image_quality: u8,
    /// The share-preview picture of articles without one (a path under
    /// `static/` or `content/`, or a URL); empty for none.
    pub default_image: String,
    /// Show readers the read-also titles that name no article (as text).
    pub show_unresolved_read_also: bool,
    /// Publish a read-also target missing from the site from the text
    /// pasted under its title.
    pub materialize_read_also: bool,
    /// Show the Hijri (Umm al-Qura) date beside the Gregorian one.
    pub hijri: bool,
    /// Days added to the Umm al-Qura date, −1 to 1, where sighting differs.
    pub hijri_adjust: i8,
    /// Write the search page and its index.
    pub search: bool,
    /// Related articles found from the text under each story (0: none).
    pub related: usize,
    /// Let a story's related list hold stories published after it.
    pub related_newer: bool,
    /// Hours a story marked `breaking` stays in the front page's strip.
    pub breaking_hours: u32,
    /// Hours of stories on the `latest/` page; 0: no such page.
    pub latest_hours: u32,
    /// `system` (the reader's own fonts) or `naskh` (the bundled web font).
    pub font: Font,
    /// Words readers see, by key, over the defaults (`[strings]`).
    pub strings: BTreeMap<String, Phrase>,
}

/// The theme's text face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Font {
    /// Noto Naskh Arabic, shipped as WOFF2 with the site.
    #[default]
    Naskh,
    /// The reader's system fonts: no font files.
    System,
}

/// A section: `key` is the folder under `content/` or the front matter
/// value, `name` what readers see, `slug` its URL segment (default: `key`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SectionConfig {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The template its articles are written with (`opinion.html`), from
    /// `templates/` or the theme; an article's own `template` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `opinion`: a section of columns («الرأي»), listed and shown with
    /// the writer first; `news` (the default) otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SectionKind>,
}

/// What a section publishes.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    #[default]
    News,
    /// Columns: the writer's photo and name lead, `OpinionNewsArticle`,
    /// a columnists' strip on the front page.
    Opinion,
}

/// A link in the footer to a page of `pages/`: `page` is its file's name
/// (without the extension) or its slug; `label` what readers see (the
/// page's title when not given).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FooterLink {
    pub page: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A place `sahifa deploy` uploads the output to (`[[deploy]]`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DeployTarget {
    /// What `--target` calls it.
    pub name: String,
    /// `s3://bucket/prefix`, `gs://…`, `az://…` or `file:///folder`.
    pub url: String,
}

/// A `Cache-Control` for the uploaded files whose path matches `path`
/// (`*` within a folder, `**` across folders: `"media/**"`, `"*.pdf"`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CacheRule {
    pub path: String,
    pub value: String,
}

/// What articles are grouped by on pages of their own.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum TaxonomyKind {
    Tags,
    Authors,
    Sources,
    Cities,
}

/// A taxonomy: its `key` (tags, authors, sources or cities), the name
/// readers see and its URL segment.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub key: TaxonomyKind,
    pub name: String,
    pub slug: String,
}

/// The taxonomies a site has unless `site.toml` says otherwise.
fn default_taxonomies() -> Vec<TaxonomyConfig> {
    let taxonomy = |key, name: &str, slug: &str| TaxonomyConfig {
        key,
        name: name.into(),
        slug: slug.into(),
    };
    vec![
        taxonomy(TaxonomyKind::Tags, "الوسوم", "tags"),
        taxonomy(TaxonomyKind::Authors, "الكتّاب", "authors"),
        taxonomy(TaxonomyKind::Sources, "المصادر", "sources"),
        taxonomy(TaxonomyKind::Cities, "المدن", "cities"),
    ]
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "صحيفة".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "ar".into(),
            per_page: 10,
            permalink: "/{year}/{month}/{day}/{slug}/".into(),
            slug_style: SlugStyle::Headline,
            timezone: "+00:00".into(),
            feed_limit: 20,
            numerals: Numerals::Western,
            months: MonthNames::Standard,
            publisher: String::new(),
            author: String::new(),
            minify: true,
            sitemap_limit: 50_000,
            news_days: 2,
            sections: Vec::new(),
            taxonomies: default_taxonomies(),
            furniture: Vec::new(),
            keep_debris: false,
            raw_fields: Default::default(),
            footer: Vec::new(),
            embeds: EmbedMode::Facade,
            hosts: Vec::new(),
            deploy: Vec::new(),
            cache_control: Vec::new(),
            embed_origins: Default::default(),
            image_widths: vec![480, 800, 1200],
            image_quality: 75,
            default_image: String::new(),
            show_unresolved_read_also: false,
            hijri: false,
            hijri_adjust: 0,
            search: false,
            related: 4,
            related_newer: false,
            materialize_read_also: false,
            breaking_hours: 6,
            latest_hours: 0,
            font: Font::Naskh,
            strings: BTreeMap::new(),
        }
    }
}

/// The top-level folders the site generates besides the date archives
/// (the archive index, pagination, the search page and index, the
/// pictures' variants, the theme's fonts, the latest-hours page): no
/// section, taxonomy or article may take one. (The stages' own constants
/// are checked against this list by `pipeline`'s tests.)
pub(crate) const GENERATED_FOLDERS: [&str; 6] =
    ["archive", "page", "search", "media", "fonts", "latest"];

/// Whether a top-level folder name is the site's own: one it generates,
/// or a number (a year's archive, now or once the archive reaches it).
pub(crate) fn is_generated_folder(name: &str) -> bool {
    GENERATED_FOLDERS.contains(&name)
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// The most a settings file (`site.toml`, `strings.toml`) may hold.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// The text of a settings file, `None` when there is none. Only a regular
/// file is read (a link to one is fine): a pipe would hang the build and
/// `/dev/zero` fill the memory.
fn read_settings_file(path: &Path) -> Result<Option<String>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if !meta.is_file() {
        return Err("is not a regular file (a pipe, a device or a folder)".into());
    }
    if meta.len() > MAX_SETTINGS_BYTES {
        return Err(format!(
            "is {} bytes; a settings file may hold at most 1 MiB",
            meta.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(file, MAX_SETTINGS_BYTES),
        &mut text,
    )
    .map_err(|e| e.to_string())?;
    Ok(Some(text))
}

/// Checks a taxonomy's `slug`: one folder name of letters, digits and
/// «-», distinct from the folders the site generates.
fn check_taxonomy_slug(slug: &str) -> Result<(), String> {
    let clean = crate::arabic::slug::clean_user_slug(slug, SlugStyle::Headline);
    if clean.as_deref() != Some(slug) {
        let hint = clean
            .map(|c| format!(": «{c}» would do"))
            .unwrap_or_default();
        return Err(format!(
            "must be one folder name of letters, digits and «-»{hint}"
        ));
    }
    if is_generated_folder(slug) {
        return Err(
            "is a folder the site generates itself (years, archive, page, search, media, \
             fonts, latest): choose another"
                .into(),
        );
    }
    Ok(())
}

impl Config {
    /// Reads `site.toml` under `root` (the defaults when there is none) and
    /// the `strings.toml` beside it, if any.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = read_settings_file(&path)
            .map_err(|e| Diagnostic::error(Some(&path), None, e))?
            .unwrap_or_default();
        let mut config = Config::parse(&text).map_err(|e| {
            let line = e.line;
            Diagnostic::error(Some(&path), line, e.message)
        })?;
        config.read_strings_file(root)?;
        config
            .validate()
            .map_err(|m| Diagnostic::error(Some(&path), None, m))?;
        Ok(config)
    }

    /// Adds the entries of `strings.toml` beside `site.toml` that
    /// `[strings]` does not set.
    fn read_strings_file(&mut self, root: &Path) -> Result<(), Diagnostic> {
        let path = root.join(STRINGS_FILE);
        let Some(text) =
            read_settings_file(&path).map_err(|e| Diagnostic::error(Some(&path), None, e))?
        else {
            return Ok(());
        };
        let file: BTreeMap<String, Phrase> = toml::from_str(&text).map_err(|e| {
            Diagnostic::error(Some(&path), error_line(&text, &e), e.message().to_string())
        })?;
        crate::strings::check(&file).map_err(|m| Diagnostic::error(Some(&path), None, m))?;
        for (key, phrase) in file {
            self.strings.entry(key).or_insert(phrase);
        }
        Ok(())
    }

    /// `[[deploy]]` names each once, and `[[cache_control]]` values are
    /// one header line each.
    fn validate_deploy(&self) -> Result<(), String> {
        for (i, target) in self.deploy.iter().enumerate() {
            if target.name.trim().is_empty() || target.url.trim().is_empty() {
                return Err("each [[deploy]] needs a `name` and a `url`".into());
            }
            if self.deploy[..i].iter().any(|t| t.name == target.name) {
                return Err(format!(
                    "two [[deploy]] are named `{}`: --target could not tell them apart",
                    target.name
                ));
            }
        }
        for rule in &self.cache_control {
            if rule.path.is_empty() || rule.value.trim().is_empty() {
                return Err("each [[cache_control]] needs a `path` and a `value`".into());
            }
            if rule.value.chars().any(char::is_control) || !rule.value.is_ascii() {
                return Err(format!(
                    "[[cache_control]] for `{}`: a Cache-Control value is one line of plain ASCII",
                    rule.path
                ));
            }
        }
        Ok(())
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = error_line(text, &e);
            let line_text = line.and_then(|l| text.lines().nth(l - 1));
            ConfigError {
                line,
                message: explain(e.message(), line_text),
            }
        })
    }

    /// The extension (`.html`) a permalink pattern's last segment ends with,
    /// placeholders aside: file-style URLs, which sahifa does not make.
    fn file_extension_of(pattern: &str) -> Option<&str> {
        let last = pattern.trim_end_matches('/').rsplit('/').next()?;
        let dot = last.rfind('.')?;
        let extension = &last[dot..];
        (extension.len() > 1 && extension[1..].bytes().all(|b| b.is_ascii_alphanumeric()))
            .then_some(extension)
    }

    /// Checks values serde cannot: the permalink pattern, the time zone.
    pub fn validate(&self) -> Result<(), String> {
        if !["{slug}", "{id}", "{uid}"]
            .iter()
            .any(|p| self.permalink.contains(p))
        {
            return Err(format!(
                "permalink «{}» must contain {{slug}}, {{id}} or {{uid}} so that articles get distinct URLs",
                self.permalink
            ));
        }
        if let Some(extension) = Self::file_extension_of(&self.permalink) {
            return Err(format!(
                "permalink «{}» names a file ({extension}); every article is a folder with an \
                 index.html in it, so its URL ends in «/»: write «{}» instead",
                self.permalink,
                self.permalink
                    .trim_end_matches('/')
                    .trim_end_matches(extension)
                    .to_string()
                    + "/"
            ));
        }
        if !(1..=10_000).contains(&self.per_page) {
            return Err("per_page must be between 1 and 10000".into());
        }
        if self.news_days > 3650 {
            return Err(
                "news_days must be at most 3650 (ten years; Google News reads two days)".into(),
            );
        }
        if self.related > 100 {
            return Err("related must be at most 100 (stories listed under each article)".into());
        }
        self.validate_deploy()?;
        if !(1..=50_000).contains(&self.sitemap_limit) {
            return Err(
                "sitemap_limit must be between 1 and 50000 (the sitemap protocol's limit)".into(),
            );
        }
        if self.image_widths.is_empty()
            || self.image_widths.iter().any(|w| !(16..=8192).contains(w))
        {
            return Err("image_widths must list one or more widths between 16 and 8192".into());
        }
        if self.breaking_hours > 24 * 14 {
            return Err("breaking_hours must be at most 336 (two weeks)".into());
        }
        if self.latest_hours > 24 * 14 {
            return Err("latest_hours must be at most 336 (two weeks)".into());
        }
        if !(-1..=1).contains(&self.hijri_adjust) {
            return Err("hijri_adjust must be -1, 0 or 1 (days)".into());
        }
        if !(1..=100).contains(&self.image_quality) {
            return Err("image_quality must be between 1 and 100".into());
        }
        if icu_locale_core::Locale::try_from_str(&self.language).is_err() {
            return Err(format!(
                "language «{}» is not a language tag: write one such as «ar», «ar-EG» or «en»",
                self.language
            ));
        }
        if let Some((label, _)) = self
            .raw_fields
            .iter()
            .find(|(label, name)| label.trim().is_empty() || name.trim().is_empty())
        {
            return Err(format!(
                "raw_fields: «{label}» needs a label and a field name, as in \"المحرر\" = \"editor\""
            ));
        }
        for (provider, origin) in &self.embed_origins {
            if !EMBED_PROVIDERS.contains(&provider.as_str()) {
                return Err(format!(
                    "embed_origins: «{provider}» is not a provider sahifa embeds (youtube, x, instagram, facebook, vimeo, tiktok, soundcloud)"
                ));
            }
            let lower = origin.to_ascii_lowercase();
            let scheme = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            if scheme.is_none_or(|rest| rest.is_empty() || rest.contains(['"', '<', '>', ' '])) {
                return Err(format!(
                    "embed_origins: «{origin}» of {provider} is not an http(s) address such as \"https://player.example.org\""
                ));
            }
        }
        let mut slugs = std::collections::HashSet::new();
        for taxonomy in &self.taxonomies {
            let named = || format!("taxonomy «{}»: slug «{}»", taxonomy.name, taxonomy.slug);
            check_taxonomy_slug(&taxonomy.slug).map_err(|e| format!("{} {e}", named()))?;
            if !slugs.insert(taxonomy.slug.as_str()) {
                return Err(format!("{} is another taxonomy's too", named()));
            }
        }
        check_base_url(&self.base_url).map_err(|e| format!("base_url {e}"))?;
        crate::strings::check(&self.strings)?;
        self.zone().map(|_| ())
    }

    /// The site's time zone: `timezone` as an offset or a zone name.
    pub fn zone(&self) -> Result<Zone, String> {
        Zone::parse(&self.timezone)
    }

    /// How dates are written: the style `date_format` names.
    pub fn date_style(&self) -> DateStyle {
        DateStyle {
            numerals: self.numerals,
            months: self.months,
        }
    }
}

/// Whether `url` can be where a site is served from: an `http(s)://` URL
/// with a host, or a path from the root (`/news/`). It is written into
/// every page, feed, sitemap and `robots.txt`, so a control character (a
/// newline would add lines to `robots.txt`), a space or another scheme
/// (`javascript:`) is refused. The error says why, after the value.
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("«{}» {why}", url.escape_debug()));
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "\"<>\\^`{|}".contains(*c))
    {
        return bad(&format!("holds {:?}, which no URL may", c));
    }
    match url.split_once("://") {
        Some((scheme, rest)) => {
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return bad("must start with http:// or https:// (or be a path such as /news/)");
            }
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.contains('@') {
                return bad("names no host (write it like https://example.org/news/)");
            }
            Ok(())
        }
        None if url.is_empty() || url.starts_with('/') && !url.starts_with("//") => Ok(()),
        None => bad("must be an http:// or https:// URL, or a path such as /news/"),
    }
}

/// The 1-based line of `text` a TOML error points at.
fn error_line(text: &str, error: &toml::de::Error) -> Option<usize> {
    error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
}

/// One `site.toml` key: its name, its default as TOML, and what it means.
/// [`KEYS`] is the one list every description of the keys is made
/// from: the commented `site.toml` that `sahifa init` writes, `--help`, the
/// README's table (a test keeps it equal) and "did you mean".
/// The providers whose clips and posts can be embedded, by the names
/// shortcodes and `embed_origins` use (`content::embed::Provider::key`).
pub(crate) const EMBED_PROVIDERS: [&str; 7] = [
    "youtube",
    "x",
    "instagram",
    "facebook",
    "vimeo",
    "tiktok",
    "soundcloud",
];

/// A static host whose own files the build writes (`hosts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// `_headers` and `_redirects`.
    Netlify,
    /// Cloudflare Pages: `_headers` and `_redirects`, as Netlify's.
    Cloudflare,
    /// GitHub Pages: `.nojekyll`, and `CNAME` for a domain of the site's own.
    Github,
}

/// How embeds are shown (`embeds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EmbedMode {
    /// A card with the provider's name and the link; the player is loaded
    /// when the reader clicks (a plain link without JavaScript).
    #[default]
    Facade,
    /// The provider's player at once (loaded lazily).
    Direct,
}

pub(crate) struct Key {
    pub key: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

pub(crate) const KEYS: [Key; 41] = [
    Key {
        key: "title",
        default: "\"صحيفة\"",
        meaning: "site name in every header and feed",
    },
    Key {
        key: "description",
        default: "\"\"",
        meaning: "one line about the site, for the home page and feeds",
    },
    Key {
        key: "base_url",
        default: "\"/\"",
        meaning: "where the site is served, e.g. `https://example.org/news/`; internal links use its path, feeds and sitemaps need it absolute",
    },
    Key {
        key: "language",
        default: "\"ar\"",
        meaning: "`lang` of every page",
    },
    Key {
        key: "per_page",
        default: "10",
        meaning: "articles per listing page (home and archives)",
    },
    Key {
        key: "permalink",
        default: "\"/{year}/{month}/{day}/{slug}/\"",
        meaning: "article URLs; placeholders `{year} {month} {day} {slug} {id} {uid} {section}` (`{id}` is the file name, `{uid}` a stable 8-character ASCII id made from the file's path, e.g. `/{year}/{month}/{day}/{uid}/` or `/{uid}-{slug}/`)",
    },
    Key {
        key: "slug_style",
        default: "\"headline\"",
        meaning: "how titles become `{slug}`: `headline` keeps the headline's spelling (وزارة-الصحة-تطلق-حملة, at most 7 words, never ending on في/من/مع …); `normalized` writes the matching key (وزاره-الصحه-تطلق-حمله, 40 letters), the URLs sahifa wrote before slugs kept the spelling (set it to keep a published site's URLs)",
    },
    Key {
        key: "timezone",
        default: "\"+00:00\"",
        meaning: "the site's time zone: an offset (`+03:00`) or a zone name (`Asia/Riyadh`, `Africa/Cairo` with its daylight saving time); dates that name none are read in it, times are shown in it, `sahifa new` dates in it. A time the clocks skip moves forward past the change, so a story dated the day Cairo, Beirut or Gaza move their clocks at midnight stays on that day; in the hour the clocks repeat, the first is meant",
    },
    Key {
        key: "numerals",
        default: "\"western\"",
        meaning: "`western` (2025) or `eastern` (٢٠٢٥) digits in dates shown to readers",
    },
    Key {
        key: "months",
        default: "\"standard\"",
        meaning: "month names: `standard` (نوفمبر), `levantine` (تشرين الثاني), `maghrebi` (جوان، جويلية …) or `dual` (تشرين الثاني/نوفمبر)",
    },
    Key {
        key: "publisher",
        default: "\"\"",
        meaning: "publisher in feeds, the news sitemap and structured data (empty: the title)",
    },
    Key {
        key: "author",
        default: "\"\"",
        meaning: "author in feeds of articles that name no source (empty: the publisher)",
    },
    Key {
        key: "minify",
        default: "true",
        meaning: "minify HTML pages and stylesheets in `build` (never in `serve`)",
    },
    Key {
        key: "sitemap_limit",
        default: "50000",
        meaning: "URLs per sitemap file before `sitemap.xml` becomes an index",
    },
    Key {
        key: "news_days",
        default: "2",
        meaning: "days of articles in the Google News sitemap",
    },
    Key {
        key: "feed_limit",
        default: "20",
        meaning: "entries in each feed",
    },
    Key {
        key: "sections",
        default: "[]",
        meaning: "the sections in masthead order, each `{ key = \"politics\", name = \"سياسة\" }` (optional `slug`; `template`: the template its articles are written with, e.g. `\"opinion.html\"`, from `templates/`; `kind = \"opinion\"` for columns: the writer's photo and name lead its listings and articles, `OpinionNewsArticle`, a columnists' strip on the front page); `key` is the folder under `content/` or front matter `section`; an article's section has a listing at `/{slug}/` with feeds",
    },
    Key {
        key: "taxonomies",
        default: "[{ key = \"tags\", name = \"الوسوم\", slug = \"tags\" }, { key = \"authors\", name = \"الكتّاب\", slug = \"authors\" }, { key = \"sources\", name = \"المصادر\", slug = \"sources\" }, { key = \"cities\", name = \"المدن\", slug = \"cities\" }]",
        meaning: "what articles are browsable by: tags, authors, sources, cities (an index at `/{slug}/`, a page with feeds per term); `[]` for none",
    },
    Key {
        key: "furniture",
        default: "[]",
        meaning: "more lines of page furniture to drop from raw text besides the built-in ones (الأكثر قراءة، شارك الخبر، تابعوا آخر أخبار …); a line starting with one is dropped, and the build says how many",
    },
    Key {
        key: "keep_debris",
        default: "false",
        meaning: "keep every line of raw text as the story: no page debris (menus, share rows, mastheads, comment forms, sidebar teasers, lone captions, lines found in many files of one folder) left out; `sahifa check` lists what is left out and why",
    },
    Key {
        key: "raw_fields",
        default: "{}",
        meaning: "labelled lines of raw text read as fields of your own, each label to a field name: `raw_fields = { \"المحرر\" = \"editor\" }` reads a line `المحرر: فلان` above the body as `page.extra.editor` (labels of up to 16 letters, matched however they are spelled)",
    },
    Key {
        key: "footer",
        default: "[]",
        meaning: "the site's own pages (files of `pages/`: «من نحن», «اتصل بنا» …) the footer links to, in order, each `{ page = \"about\", label = \"من نحن\" }` (`page`: the file's name without extension, or the page's slug; `label`: the page's title when not given); empty: every page, by file name",
    },
    Key {
        key: "hosts",
        default: "[]",
        meaning: "the static hosts the site is published to, whose own files each build writes: `\"netlify\"` and `\"cloudflare\"` (Pages) get `_headers` (fingerprinted files cached for a year, immutable) and `_redirects` (every old address, 301), `\"github\"` (Pages) gets `.nojekyll` and, for a `base_url` of a domain of the site's own, `CNAME`",
    },
    Key {
        key: "deploy",
        default: "[]",
        meaning: "where `sahifa deploy` uploads the built site, each `[[deploy]]` with a `name` (for `--target`) and a `url`: `\"s3://bucket/folder\"` (Amazon S3 and the services speaking its protocol: Cloudflare R2, Backblaze B2, MinIO… with `AWS_ENDPOINT_URL`), `\"gs://bucket\"`, `\"az://container\"` or `\"file:///srv/www\"`; credentials come from the environment only (README: Deploying)",
    },
    Key {
        key: "cache_control",
        default: "[]",
        meaning: "the `Cache-Control` `sahifa deploy` gives the files whose path matches, over its defaults (a year, immutable, for fingerprinted files and pictures; revalidated on every visit for the rest), each `[[cache_control]]` with a `path` pattern (`*` within a folder, `**` across folders) and a `value`; the first that matches wins",
    },
    Key {
        key: "embeds",
        default: "\"facade\"",
        meaning: "how clips and posts of other sites (shortcodes, raw lines of a YouTube, X, Instagram, Facebook, Vimeo, TikTok or SoundCloud address) are shown: `\"facade\"`, a card that loads nothing from the provider until the reader clicks (a plain link without JavaScript); `\"direct\"`, the provider's player at once",
    },
    Key {
        key: "embed_origins",
        default: "{}",
        meaning: "where a provider's player is loaded from instead of its own address, e.g. a privacy proxy: `embed_origins = { youtube = \"https://yt.example.org\" }`",
    },
    Key {
        key: "image_widths",
        default: "[480, 800, 1200]",
        meaning: "the widths in pixels every picture is resized to, each in WebP and in its own format (JPEG or PNG); never wider than the original",
    },
    Key {
        key: "image_quality",
        default: "75",
        meaning: "WebP and JPEG quality of resized pictures, 1–100",
    },
    Key {
        key: "default_image",
        default: "\"\"",
        meaning: "the share-preview picture (og:image) of articles without one: a path under `static/` or `content/`, or a URL",
    },
    Key {
        key: "show_unresolved_read_also",
        default: "false",
        meaning: "show readers read-also titles that name no article of the site, as text; they are always reported, and `serve` always shows them, marked",
    },
    Key {
        key: "hijri",
        default: "false",
        meaning: "show the Hijri date (Umm al-Qura calendar) before the Gregorian one on article pages: «الاثنين 27 ذي الحجة 1446 هـ - 23 يونيو 2025 م، 6:55 مساءً»",
    },
    Key {
        key: "hijri_adjust",
        default: "0",
        meaning: "days added to the Umm al-Qura date, -1 to 1, for countries whose months follow the sighting of the moon",
    },
    Key {
        key: "search",
        default: "false",
        meaning: "write the search page (`/search/`, a box in the masthead) and its static index (`search/`): Arabic matching with the site's normaliser and light stemming, no server or third-party service; about +40% build time on 10,000 articles (see Search)",
    },
    Key {
        key: "related",
        default: "4",
        meaning: "how many related stories, found from the text (titles, tags, section and body, folded and stemmed as search does), each article page lists under «أخبار ذات صلة» after the stories that link to it; 0 for none",
    },
    Key {
        key: "related_newer",
        default: "false",
        meaning: "let a story's related list hold stories published after it; off, a page's list never changes when news is added (Hugo's stable \"see also\" rule)",
    },
    Key {
        key: "materialize_read_also",
        default: "false",
        meaning: "publish a read-also target missing from the site as an article of its own when its text was pasted under its title (dated the day that text states nearest to the referring story's, else that story's date; the source from a `(CNN)`-style dateline), marked on its page and in the report",
    },
    Key {
        key: "breaking_hours",
        default: "6",
        meaning: "hours a story marked breaking (front matter `breaking = true`, or a raw title led by «عاجل:») stays in the front page's «عاجل» strip, counted from its publication to the build's now (`--now`)",
    },
    Key {
        key: "latest_hours",
        default: "0",
        meaning: "with a number of hours, a `latest/` page («آخر الأخبار») lists every story published in that many hours before the build's now (`--now`), newest first; 0 makes no such page",
    },
    Key {
        key: "font",
        default: "\"naskh\"",
        meaning: "the text face: `naskh` ships Noto Naskh Arabic with the site (WOFF2, subset to Arabic and Latin, 4 files, SIL Open Font License) and uses it for body and headlines; `system` uses the reader's own fonts and ships none",
    },
    Key {
        key: "strings",
        default: "{}",
        meaning: "the words readers see, by key, over the defaults (the table is `src/strings.toml`): `[strings]` then `read_also = \"اقرأ المزيد\"`, or a count's CLDR forms `news_count = { one = \"خبر واحد\", two = \"خبران\", few = \"{n} أخبار\", many = \"{n} خبرًا\", other = \"{n} خبر\" }`; a `strings.toml` beside `site.toml` may hold them instead",
    },
];

/// The keys of [`KEYS`].
pub fn keys() -> impl Iterator<Item = &'static str> + Clone {
    KEYS.iter().map(|s| s.key)
}

/// The settings as a Markdown table (the README holds this table; a test
/// keeps it equal).
#[cfg(test)]
fn settings_table() -> String {
    let mut table = String::from("| key | default | meaning |\n|---|---|---|\n");
    for s in &KEYS {
        table.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            s.key, s.default, s.meaning
        ));
    }
    table
}

/// A `site.toml` that explains every key, each set to its default and
/// commented out, after the lines given in `set` (uncommented).
/// The address `sahifa init` suggests, commented out: a build with it
/// uncommented as it is warns, as one with no address does.
pub(crate) const PLACEHOLDER_BASE_URL: &str = "https://www.your-newspaper.example/";

/// The commented `site.toml`: every key with its meaning, `set` ones
/// active, `suggested` ones commented out with the value given instead of
/// the default.
pub(crate) fn commented_site_toml(set: &[(&str, &str)], suggested: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "# Settings of this sahifa site. Every key is optional: a commented-out line\n\
         # shows its default. Uncomment a line to change it.\n",
    );
    for s in &KEYS {
        text.push_str(&format!("\n# {}\n", s.meaning));
        match set.iter().find(|(key, _)| *key == s.key) {
            Some((_, value)) => text.push_str(&format!("{} = {value}\n", s.key)),
            None => {
                let shown = suggested
                    .iter()
                    .find(|(key, _)| *key == s.key)
                    .map_or(s.default, |(_, value)| value);
                text.push_str(&format!("# {} = {shown}\n", s.key));
            }
        }
    }
    text
}

/// serde's message in an editor's words: "unknown field" becomes "unknown
/// key … did you mean", "expected usize" becomes "a whole number", and the
/// key is named from the line it is on.
fn explain(message: &str, line_text: Option<&str>) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let typed = rest.split('`').next().unwrap_or_default();
        // serde lists the fields the table in question takes.
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let top_level = expected.iter().any(|e| keys().any(|k| k == *e));
        if !top_level && keys().any(|k| k == typed) {
            return format!(
                "`{typed}` is inside a table here: keys of the site go before the first \
                 `[[sections]]` or `[[taxonomies]]` table"
            );
        }
        let known: Vec<&str> = if top_level || expected.is_empty() {
            keys().collect()
        } else {
            expected
        };
        return match crate::report::did_you_mean(typed, known.iter().copied()) {
            Some(meant) => format!("unknown key `{typed}`; did you mean `{meant}`?"),
            None => format!(
                "unknown key `{typed}`; the keys here are {}",
                known.join(", ")
            ),
        };
    }
    let key = line_text
        .and_then(|l| l.split_once('='))
        .map(|(key, _)| key.trim().trim_matches('"'))
        .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace));
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return plain_words(message);
    };
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let found = plain_words(found);
    let expected = plain_words(expected);
    match key {
        Some(key) => format!("`{key}` must be {expected}, not {found}"),
        None => format!("expected {expected}, found {found}"),
    }
}

/// Rust's and serde's type names as a reader would say them.
fn plain_words(text: &str) -> String {
    let mut text = text.to_string();
    for (rust, plain) in [
        ("usize", "a whole number"),
        ("u64", "a whole number"),
        ("u32", "a whole number"),
        ("u16", "a whole number"),
        ("u8", "a whole number"),
        ("i64", "a whole number"),
        ("i32", "a whole number"),
        ("f64", "a number"),
        ("a string", "text"),
        ("string ", "text "),
        ("a boolean", "true or false"),
        ("boolean ", "true/false "),
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("a sequence", "a list"),
        ("sequence", "a list"),
        ("a map", "a table"),
        ("map", "a table"),
        ("unknown variant", "unknown value"),
    ] {
        if let Some(at) = text.find(rust) {
            text.replace_range(at..at + rust.len(), plain);
        }
    }
    text.replace('`', "")
}

#[derive(Debug)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_default() {
        let config = Config::parse("").map_err(|e| e.message);
        let config = config.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.per_page, 10);
        assert_eq!(config.permalink, "/{year}/{month}/{day}/{slug}/");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err = Config::parse("title = \"x\"\nper_pgae = 3\n").err();
        let err = err.unwrap_or_else(|| panic!("a typo must not pass"));
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("per_pgae"), "{}", err.message);
    }

    #[test]
    fn messages_use_an_editors_words() {
        let message = |text: &str| {
            Config::parse(text)
                .err()
                .map(|e| e.message)
                .unwrap_or_default()
        };
        assert_eq!(
            message("per_page = \"x\"\n"),
            "`per_page` must be a whole number, not text \"x\""
        );
        assert_eq!(
            message("title = 3\n"),
            "`title` must be text, not the number 3"
        );
        assert_eq!(
            message("minify = \"yes\"\n"),
            "`minify` must be true or false, not text \"yes\""
        );
        assert_eq!(
            message("per_pgae = 3\n"),
            "unknown key `per_pgae`; did you mean `per_page`?"
        );
        let unknown = message("colour = 3\n");
        assert!(
            unknown.contains("unknown key `colour`; the keys here are title"),
            "{unknown}"
        );
        let nested = message("[[sections]]\nkey = \"a\"\nname = \"b\"\nper_page = 3\n");
        assert!(
            nested.contains("`per_page` is inside a table here"),
            "{nested}"
        );
        let typo = message("[[sections]]\nkey = \"a\"\nnmae = \"b\"\n");
        assert_eq!(typo, "unknown key `nmae`; did you mean `name`?");
        for text in [
            "per_page = \"x\"",
            "title = [1]",
            "minify = 3",
            "numerals = \"roman\"",
        ] {
            let m = message(text);
            for rust in ["usize", "u32", "sequence", "boolean", "string", "variant"] {
                assert!(!m.contains(rust), "{text}: {m}");
            }
        }
    }

    #[test]
    fn deploy_targets_are_named_once_and_cache_values_are_one_line() {
        let parse = |text: &str| {
            Config::parse(text)
                .map_err(|e| e.message)
                .and_then(|c| c.validate().map(|()| c))
        };
        let good = parse(
            "[[deploy]]\nname = \"production\"\nurl = \"s3://news/site\"\n\
             [[cache_control]]\npath = \"fonts/*\"\nvalue = \"public, max-age=86400\"\n",
        );
        let good = good.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(good.deploy[0].url, "s3://news/site");
        assert_eq!(good.cache_control[0].path, "fonts/*");
        let twice = parse("[[deploy]]\nname = \"a\"\nurl = \"file:///x\"\n[[deploy]]\nname = \"a\"\nurl = \"file:///y\"\n");
        assert!(twice.err().unwrap_or_default().contains("named `a`"));
        let two_lines =
            parse("[[cache_control]]\npath = \"*\"\nvalue = \"no-cache\\nX-Evil: 1\"\n");
        assert!(two_lines.err().unwrap_or_default().contains("one line"));
        let unknown = parse("[[deploy]]\nname = \"a\"\nurl = \"file:///x\"\nbucket = \"b\"\n");
        assert!(unknown.is_err());
    }

    #[test]
    fn the_commented_site_toml_gives_the_defaults() {
        let text = commented_site_toml(&[], &[]);
        let uncommented: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| keys().any(|k| l.starts_with(&format!("{k} = "))))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(uncommented.lines().count(), KEYS.len(), "{text}");
        let parsed =
            Config::parse(&uncommented).unwrap_or_else(|e| panic!("{}: {uncommented}", e.message));
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Config::default()));
        let set = commented_site_toml(&[("per_page", "5")], &[]);
        let parsed = Config::parse(&set).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(parsed.per_page, 5);
    }

    #[test]
    fn the_readme_table_is_the_settings_list() {
        let readme = include_str!("../README.md");
        assert!(
            readme.contains(&settings_table()),
            "README.md's site.toml table differs from config::KEYS; paste:\n{}",
            settings_table()
        );
    }

    #[test]
    fn every_config_field_is_listed() {
        let fields = serde_json::to_value(Config::default()).unwrap_or_default();
        let listed: Vec<&str> = keys().collect();
        let names: Vec<&String> = fields
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(names.len(), listed.len(), "{names:?}");
        for field in names {
            assert!(listed.contains(&field.as_str()), "`{field}` is not in KEYS");
        }
    }

    #[test]
    fn every_listed_key_is_a_real_one() {
        for key in keys() {
            let text = format!("{key} = {{}}\n");
            let message = Config::parse(&text)
                .err()
                .map(|e| e.message)
                .unwrap_or_default();
            assert!(!message.contains("unknown key"), "{key}: {message}");
        }
    }

    #[test]
    fn base_url_is_a_web_address_or_a_path() {
        for fine in [
            "/",
            "",
            "/news/",
            "https://example.org/",
            "http://example.org:8080/a/b",
        ] {
            assert_eq!(check_base_url(fine), Ok(()), "{fine}");
        }
        for bad in [
            "https://example.org/\nDisallow: /",
            "javascript:alert(1)//",
            "https://exa mple.org/",
            "ftp://example.org/",
            "https:///path",
            "//example.org/",
            "example.org",
            "https://user@evil.example/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        let error = check_base_url("https://example.org/\nDisallow: /").unwrap_err();
        assert!(
            error.contains("\\n"),
            "the newline is shown, not printed: {error}"
        );
    }

    #[test]
    fn validates_permalink_and_timezone() {
        let bad = Config {
            permalink: "/{year}/".into(),
            ..Config::default()
        };
        assert!(bad.validate().is_err());
        // Zone names are fine (since the newsroom issue); misspelt ones are not.
        let named = Config {
            timezone: "Asia/Riyadh".into(),
            ..Config::default()
        };
        assert!(named.validate().is_ok());
        let tz = Config {
            timezone: "Asia/Riyad".into(),
            ..Config::default()
        };
        assert!(tz.validate().is_err());
        let ok = Config {
            timezone: "+03:00".into(),
            ..Config::default()
        };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn file_style_permalinks_are_refused_with_the_folder_form() {
        let with = |permalink: &str| Config {
            permalink: permalink.into(),
            ..Config::default()
        };
        let error = with("/{slug}.html").validate().err().unwrap_or_default();
        assert!(error.contains("names a file (.html)"), "{error}");
        assert!(error.contains("«/{slug}/»"), "{error}");
        assert!(with("/{year}/{slug}.php/").validate().is_err());
        assert!(with("/{year}.{month}/{slug}/").validate().is_ok());
        assert!(with("/{year}/{slug}/").validate().is_ok());
    }
}
