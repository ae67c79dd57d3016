//! `site.toml` → [`Config`]. Every key has a default, so a site without the
//! file builds.

use std::path::Path;

use chrono::FixedOffset;
use serde::Deserialize;

use crate::arabic::format::{DateStyle, MonthNames, Numerals};
use crate::report::Diagnostic;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
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
    /// Article URL pattern: `{year}`, `{month}`, `{day}`, `{slug}`, `{id}`.
    pub permalink: String,
    /// UTC offset for dates that name none, e.g. `+03:00`.
    pub timezone: String,
    /// Entries in the Atom feed.
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
    /// Static files whose output names carry a content hash (set by `build`).
    #[serde(skip)]
    pub asset_paths: std::collections::BTreeMap<String, String>,
    /// "Now" for the news sitemap (`build --now`); the newest article's date when unset.
    #[serde(skip)]
    pub now: Option<chrono::DateTime<FixedOffset>>,
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
            timezone: "+00:00".into(),
            feed_limit: 20,
            numerals: Numerals::Western,
            months: MonthNames::Standard,
            publisher: String::new(),
            author: String::new(),
            minify: true,
            sitemap_limit: 50_000,
            news_days: 2,
            asset_paths: Default::default(),
            now: None,
        }
    }
}

impl Config {
    /// Reads `site.toml` under `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(Some(&path), None, e.to_string())),
        };
        let config = Config::parse(&text).map_err(|e| {
            let line = e.line;
            Diagnostic::error(Some(&path), line, e.message)
        })?;
        config
            .validate()
            .map_err(|m| Diagnostic::error(Some(&path), None, m))?;
        Ok(config)
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError {
            line: e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().to_string(),
        })
    }

    /// Checks values serde cannot: the permalink pattern, the time zone.
    pub fn validate(&self) -> Result<(), String> {
        if !self.permalink.contains("{slug}") && !self.permalink.contains("{id}") {
            return Err(format!(
                "permalink «{}» must contain {{slug}} or {{id}} so that articles get distinct URLs",
                self.permalink
            ));
        }
        if self.per_page == 0 {
            return Err("per_page must be at least 1".into());
        }
        if !(1..=50_000).contains(&self.sitemap_limit) {
            return Err(
                "sitemap_limit must be between 1 and 50000 (the sitemap protocol's limit)".into(),
            );
        }
        self.offset().map(|_| ())
    }

    /// The site's UTC offset.
    pub fn offset(&self) -> Result<FixedOffset, String> {
        self.timezone
            .parse::<FixedOffset>()
            .map_err(|_| format!("timezone «{}» is not an offset like +03:00", self.timezone))
    }

    pub fn date_style(&self) -> DateStyle {
        DateStyle {
            numerals: self.numerals,
            months: self.months,
        }
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of `base_url`, e.g. `/news/`, always with both slashes.
    pub fn base_path(&self) -> String {
        let url = self.base_url();
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let path = if url.contains("://") {
            after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        format!("/{}", path.trim_start_matches('/'))
    }

    /// Whether `base_url` is absolute (feeds and sitemaps need that).
    pub fn has_absolute_base(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }
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
        assert_eq!(config.base_path(), "/");
    }

    #[test]
    fn base_path_from_an_absolute_url() {
        let config = Config {
            base_url: "https://example.org/news".into(),
            ..Config::default()
        };
        assert_eq!(config.base_url(), "https://example.org/news/");
        assert_eq!(config.base_path(), "/news/");
        let root = Config {
            base_url: "https://example.org".into(),
            ..Config::default()
        };
        assert_eq!(root.base_path(), "/");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err = Config::parse("title = \"x\"\nper_pgae = 3\n").err();
        let err = err.unwrap_or_else(|| panic!("a typo must not pass"));
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("per_pgae"), "{}", err.message);
    }

    #[test]
    fn validates_permalink_and_timezone() {
        let bad = Config {
            permalink: "/{year}/".into(),
            ..Config::default()
        };
        assert!(bad.validate().is_err());
        let tz = Config {
            timezone: "Asia/Riyadh".into(),
            ..Config::default()
        };
        assert!(tz.validate().is_err());
        let ok = Config {
            timezone: "+03:00".into(),
            ..Config::default()
        };
        assert!(ok.validate().is_ok());
    }
}
