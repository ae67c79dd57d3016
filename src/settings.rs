//! The settings a build runs with: `site.toml` as read ([`Config`]), then
//! what the command line and the driver settle before anything is resolved
//! — the `base_url` in effect, minification, "now", the fingerprinted names
//! of static files. Made once, before resolve; `serve`'s engine moves
//! only `mark_scheduled_after` to the present before each rebuild.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use crate::arabic::format::DateStyle;
use crate::config::Config;
use crate::dates::Zone;
use crate::strings::Strings;

/// What a driver decides on top of `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`, or the preview server's own address.
    pub base_url: Option<String>,
    /// `serve` never minifies (readable pages while previewing).
    pub minify: Option<bool>,
    /// `build --now`: "now" for the news sitemap.
    pub now: Option<DateTime<FixedOffset>>,
    /// The clock, when not the system's (`SOURCE_DATE_EPOCH`).
    pub clock: Option<DateTime<FixedOffset>>,
    /// Static files whose output names carry a content hash: plain name →
    /// hashed name.
    pub asset_paths: BTreeMap<String, String>,
    /// `serve`: stories dated after this moment are shown, marked as
    /// scheduled (a build leaves them out unless `--future`).
    pub mark_scheduled_after: Option<DateTime<FixedOffset>>,
    /// `serve`: show read-also titles that name no article, whatever
    /// `show_unresolved_read_also` says (editors preview what to mend).
    pub show_unresolved_read_also: Option<bool>,
}

/// `site.toml` with what the command line and the driver decided (`Settings::new`); what every stage after loading reads.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `site.toml` as read.
    pub toml: Config,
    /// Where the site is published: `--base-url`, the preview server's
    /// address, or `site.toml`'s.
    pub base_url: String,
    /// Minify pages and stylesheets.
    pub minify: bool,
    /// "Now" for the news sitemap; the newest article's date when unset.
    pub now: Option<DateTime<FixedOffset>>,
    /// What the clock says, when not the system's (`SOURCE_DATE_EPOCH`):
    /// "now" for everything but the news sitemap.
    pub clock: Option<DateTime<FixedOffset>>,
    /// Static files by plain name → output name (fingerprinted in `build`).
    pub asset_paths: BTreeMap<String, String>,
    /// Stories dated after this are marked as scheduled (`serve`).
    pub mark_scheduled_after: Option<DateTime<FixedOffset>>,
    /// Pages show read-also titles that name no article (as text).
    pub show_unresolved_read_also: bool,
    /// The site's time zone, from `timezone`.
    pub zone: Zone,
    /// The words readers see: the defaults with `[strings]` on top.
    pub strings: Strings,
    /// The site's data files (`data/`), `data` in every template: a table,
    /// empty without any.
    pub data: std::sync::Arc<serde_json::Value>,
}

/// `data` for a site without data files.
fn no_data() -> std::sync::Arc<serde_json::Value> {
    std::sync::Arc::new(serde_json::Value::Object(serde_json::Map::new()))
}

impl Settings {
    /// The settings of `toml` with `overrides` applied; fails only on a
    /// `timezone` that is not an offset (which `Config::load` has checked).
    pub fn new(toml: Config, overrides: Overrides) -> Result<Settings, String> {
        let zone = toml.zone()?;
        if let Some(url) = &overrides.base_url {
            crate::config::check_base_url(url).map_err(|e| format!("--base-url {e}"))?;
        }
        Ok(Settings {
            base_url: overrides.base_url.unwrap_or_else(|| toml.base_url.clone()),
            minify: overrides.minify.unwrap_or(toml.minify),
            now: overrides.now,
            clock: overrides.clock,
            asset_paths: overrides.asset_paths,
            mark_scheduled_after: overrides.mark_scheduled_after,
            show_unresolved_read_also: overrides
                .show_unresolved_read_also
                .unwrap_or(toml.show_unresolved_read_also),
            zone,
            strings: Strings::new(&toml.language, &toml.strings),
            data: no_data(),
            toml,
        })
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of `base_url`, e.g. `/news/`, always with both slashes.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// Whether `base_url` is absolute (feeds and sitemaps need that).
    pub fn has_absolute_base(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }

    /// How dates are written: the style `date_format` names.
    pub fn date_style(&self) -> DateStyle {
        self.toml.date_style()
    }

    /// Today in the site's time zone ("now"'s date).
    pub fn today(&self) -> chrono::NaiveDate {
        self.zone.localize(&self.now()).date_naive()
    }

    /// What "now" is for scheduled stories: `--now`, else the clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let clock = || {
            self.clock
                .unwrap_or_else(|| chrono::Utc::now().fixed_offset())
        };
        self.now.unwrap_or_else(|| self.zone.localize(&clock()))
    }
}

impl Default for Settings {
    fn default() -> Self {
        let toml = Config::default();
        Settings {
            base_url: toml.base_url.clone(),
            minify: toml.minify,
            now: None,
            clock: None,
            asset_paths: BTreeMap::new(),
            mark_scheduled_after: None,
            show_unresolved_read_also: toml.show_unresolved_read_also,
            zone: Zone::Fixed(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())),
            strings: Strings::default(),
            data: no_data(),
            toml,
        }
    }
}

/// The path part of a base URL, e.g. `/news/`, always with both slashes.
pub(crate) fn base_path_of(base_url: &str) -> String {
    let url = format!("{}/", base_url.trim_end_matches('/'));
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    } else {
        after_scheme
    };
    format!("/{}", path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base(url: &str) -> Settings {
        let overrides = Overrides {
            base_url: Some(url.into()),
            ..Overrides::default()
        };
        Settings::new(Config::default(), overrides).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn base_path_from_an_absolute_url() {
        let news = with_base("https://example.org/news");
        assert_eq!(news.base_url(), "https://example.org/news/");
        assert_eq!(news.base_path(), "/news/");
        assert!(news.has_absolute_base());
        assert_eq!(with_base("https://example.org").base_path(), "/");
        assert_eq!(Settings::default().base_path(), "/");
        assert!(!Settings::default().has_absolute_base());
    }

    #[test]
    fn overrides_win_over_site_toml() {
        let toml =
            Config::parse("base_url = \"https://a.org/\"\nminify = true\ntimezone = \"+03:00\"\n")
                .unwrap_or_else(|e| panic!("{}", e.message));
        let kept =
            Settings::new(toml.clone(), Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (kept.base_url.as_str(), kept.minify),
            ("https://a.org/", true)
        );
        assert_eq!(
            kept.zone,
            Zone::Fixed(FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!()))
        );
        let serve = Overrides {
            base_url: Some("http://127.0.0.1:1111/".into()),
            minify: Some(false),
            ..Overrides::default()
        };
        let served = Settings::new(toml, serve).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (served.base_url.as_str(), served.minify),
            ("http://127.0.0.1:1111/", false)
        );
        assert_eq!(
            served.toml.base_url, "https://a.org/",
            "site.toml as read stays as read"
        );
    }
}
