//! The words readers see: one table ([`DEFAULTS`], `src/strings.toml`), which a
//! site overrides key by key in `site.toml`'s `[strings]` (or a
//! `strings.toml` beside it). Counts take the CLDR plural form of the
//! site's language («خبر واحد، خبران، 3 أخبار، 11 خبرًا، 100 خبر»).

use std::collections::BTreeMap;
use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralRules};
use serde::{Deserialize, Serialize};

/// The default theme's words, as TOML.
pub(crate) const DEFAULTS: &str = include_str!("strings.toml");

/// A strings file beside `site.toml`, overridden in turn by `[strings]`.
pub(crate) const STRINGS_FILE: &str = "strings.toml";

/// One entry: a text, or the forms of a count.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Phrase {
    Text(String),
    Count(Forms),
}

/// A count's text per CLDR plural category; `{n}` is the number. Only
/// `other` is required: a missing form falls back to it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    pub zero: Option<String>,
    pub one: Option<String>,
    pub two: Option<String>,
    pub few: Option<String>,
    pub many: Option<String>,
    pub other: String,
}

impl Forms {
    fn of(&self, category: PluralCategory) -> &str {
        let form = match category {
            PluralCategory::Zero => &self.zero,
            PluralCategory::One => &self.one,
            PluralCategory::Two => &self.two,
            PluralCategory::Few => &self.few,
            PluralCategory::Many => &self.many,
            PluralCategory::Other => &None,
        };
        form.as_deref().unwrap_or(&self.other)
    }
}

/// The editorial report's words (`sahifa check --format html`): parsed
/// only when that report is made, or when a site overrides one of them.
pub(crate) const REPORT_DEFAULTS: &str = include_str!("editorial/strings.toml");

/// The report's table, parsed once.
pub(crate) fn report_defaults() -> &'static BTreeMap<String, Phrase> {
    static REPORT_TABLE: std::sync::OnceLock<BTreeMap<String, Phrase>> = std::sync::OnceLock::new();
    // Embedded and tested (`the_defaults_parse`): cannot fail.
    REPORT_TABLE.get_or_init(|| toml::from_str(REPORT_DEFAULTS).unwrap_or_default())
}

/// The default table, parsed once.
pub(crate) fn defaults() -> &'static BTreeMap<String, Phrase> {
    static DEFAULT_TABLE: std::sync::OnceLock<BTreeMap<String, Phrase>> =
        std::sync::OnceLock::new();
    // Embedded and tested (`the_defaults_parse`): cannot fail.
    DEFAULT_TABLE.get_or_init(|| toml::from_str(DEFAULTS).unwrap_or_default())
}

/// Checks a site's overrides against the defaults: every key must be one of
/// them, of the same kind (a text for a text, forms for a count).
pub(crate) fn check(overrides: &BTreeMap<String, Phrase>) -> Result<(), String> {
    let defaults = defaults();
    for (key, phrase) in overrides {
        let default = defaults.get(key).or_else(|| report_defaults().get(key));
        match (default, phrase) {
            (None, _) => {
                let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
                let hint = crate::report::did_you_mean(key, known)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                return Err(format!("[strings] has no key `{key}`{hint}"));
            }
            (Some(Phrase::Count(_)), Phrase::Text(_)) => {
                return Err(format!(
                    "[strings] `{key}` is a count: give its forms, e.g. \
                     {key} = {{ one = \"…\", two = \"…\", few = \"{{n}} …\", other = \"{{n}} …\" }}"
                ))
            }
            (Some(Phrase::Text(_)), Phrase::Count(_)) => {
                return Err(format!("[strings] `{key}` is a text, not a count"))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The site's words: the defaults with its overrides, and the plural rules
/// of its language.
#[derive(Clone)]
pub struct Strings {
    phrases: BTreeMap<String, Phrase>,
    rules: Option<Arc<PluralRules>>,
}

impl std::fmt::Debug for Strings {
    // The rules follow from `language`, which settings print already.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(&self.phrases).finish()
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::new("ar", &BTreeMap::new())
    }
}

impl Strings {
    /// The defaults with `overrides` (already [`check`]ed) on top, counted by
    /// the plural rules of `language` (Arabic's when the language is unknown).
    pub fn new(language: &str, overrides: &BTreeMap<String, Phrase>) -> Strings {
        let mut phrases = defaults().clone();
        phrases.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        Strings {
            phrases,
            rules: plural_rules(language).map(Arc::new),
        }
    }

    /// The editorial report's text under `key`: the site's, else the
    /// report's default.
    pub fn report_text(&self, key: &str) -> &str {
        match self.phrases.get(key) {
            Some(Phrase::Text(text)) => text,
            _ => match report_defaults().get(key) {
                Some(Phrase::Text(text)) => text,
                _ => "",
            },
        }
    }

    /// The text under `key` (empty when there is none).
    pub fn text(&self, key: &str) -> &str {
        match self.phrases.get(key) {
            Some(Phrase::Text(text)) => text,
            Some(Phrase::Count(forms)) => &forms.other,
            None => "",
        }
    }

    /// The count `key` of `n`, its number written by `digits`.
    pub fn count(&self, key: &str, n: usize, digits: impl Fn(usize) -> String) -> String {
        let form = match self.phrases.get(key) {
            Some(Phrase::Count(forms)) => forms.of(self
                .rules
                .as_ref()
                .map_or(PluralCategory::Other, |rules| rules.category_for(n))),
            Some(Phrase::Text(text)) => text,
            None => return digits(n),
        };
        form.replace("{n}", &digits(n))
    }

    /// The forms of the count `key` as a JSON object (category → form),
    /// for scripts that count in the reader's browser; `{}` for none.
    pub fn forms_json(&self, key: &str) -> String {
        let Some(Phrase::Count(forms)) = self.phrases.get(key) else {
            return "{}".to_string();
        };
        let named = [
            ("zero", &forms.zero),
            ("one", &forms.one),
            ("two", &forms.two),
            ("few", &forms.few),
            ("many", &forms.many),
        ];
        let mut map: serde_json::Map<String, serde_json::Value> = named
            .into_iter()
            .filter_map(|(name, form)| Some((name.to_string(), form.clone()?.into())))
            .collect();
        map.insert("other".to_string(), forms.other.clone().into());
        serde_json::Value::Object(map).to_string()
    }

    /// Every text, for templates' `t`.
    pub fn texts(&self) -> BTreeMap<&str, &str> {
        self.phrases
            .iter()
            .filter_map(|(k, p)| match p {
                Phrase::Text(text) => Some((k.as_str(), text.as_str())),
                Phrase::Count(_) => None,
            })
            .collect()
    }
}

/// The cardinal plural rules of `language`, or Arabic's when it names no
/// locale. Compiled-in CLDR data covers every locale (an unknown one gets
/// the root rules), so `None` is only a safety net: every count then
/// takes its `other` form.
fn plural_rules(language: &str) -> Option<PluralRules> {
    let locale =
        icu_locale_core::Locale::try_from_str(language).unwrap_or(icu_locale_core::locale!("ar"));
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arabic_count(n: usize) -> String {
        Strings::default().count("news_count", n, |n| n.to_string())
    }

    #[test]
    fn the_defaults_parse() {
        let parsed: Result<BTreeMap<String, Phrase>, _> = toml::from_str(DEFAULTS);
        assert!(parsed.is_ok_and(|p| p.len() > 40));
        let report: Result<BTreeMap<String, Phrase>, _> = toml::from_str(REPORT_DEFAULTS);
        assert!(report.is_ok_and(|p| p.len() > 40));
    }

    /// Every group and finding of the editorial report has its words, and
    /// a site may change them as it changes the theme's.
    #[test]
    fn the_report_has_words_for_every_kind_and_a_site_may_change_them() {
        let strings = Strings::default();
        for kind in crate::report::Kind::ALL {
            for key in [
                format!("report_group_{}", kind.name()),
                format!("report_{}", kind.name()),
            ] {
                assert!(!strings.report_text(&key).is_empty(), "{key}");
            }
        }
        let mut overrides = BTreeMap::new();
        overrides.insert("report_title".to_string(), Phrase::Text("تقرير".into()));
        assert!(check(&overrides).is_ok());
        assert_eq!(
            Strings::new("ar", &overrides).report_text("report_title"),
            "تقرير"
        );
    }

    #[test]
    fn arabic_counts_take_the_cldr_form_from_zero_to_a_thousand() {
        // The CLDR rules for Arabic, written out: the last two digits decide.
        for n in 0..=1000 {
            let expected = match (n, n % 100) {
                (0, _) => "لا أخبار".to_string(),
                (1, _) => "خبر واحد".to_string(),
                (2, _) => "خبران".to_string(),
                (_, 3..=10) => format!("{n} أخبار"),
                (_, 11..=99) => format!("{n} خبرًا"),
                _ => format!("{n} خبر"),
            };
            assert_eq!(arabic_count(n), expected, "n = {n}");
        }
        assert_eq!(arabic_count(103), "103 أخبار");
        assert_eq!(arabic_count(111), "111 خبرًا");
    }

    #[test]
    fn counts_use_the_sites_digits() {
        let style = crate::arabic::format::DateStyle {
            numerals: crate::arabic::format::Numerals::Eastern,
            ..Default::default()
        };
        let eastern = Strings::default().count("news_count", 11, |n| style.number(n));
        assert_eq!(eastern, "١١ خبرًا");
    }

    #[test]
    fn overrides_replace_texts_and_forms() {
        let overrides: BTreeMap<String, Phrase> = toml::from_str(
            "read_also = \"اقرأ المزيد\"\nnews_count = { one = \"مادة واحدة\", other = \"{n} مادة\" }\n",
        )
        .unwrap_or_default();
        assert!(check(&overrides).is_ok());
        let strings = Strings::new("ar", &overrides);
        assert_eq!(strings.text("read_also"), "اقرأ المزيد");
        assert_eq!(strings.text("related"), "أخبار ذات صلة", "the rest stay");
        assert_eq!(
            strings.count("news_count", 1, |n| n.to_string()),
            "مادة واحدة"
        );
        // A form left out falls back to `other`.
        assert_eq!(strings.count("news_count", 2, |n| n.to_string()), "2 مادة");
    }

    #[test]
    fn other_languages_count_by_their_own_rules() {
        let overrides: BTreeMap<String, Phrase> =
            toml::from_str("news_count = { one = \"{n} story\", other = \"{n} stories\" }\n")
                .unwrap_or_default();
        let english = Strings::new("en", &overrides);
        assert_eq!(english.count("news_count", 1, |n| n.to_string()), "1 story");
        assert_eq!(
            english.count("news_count", 2, |n| n.to_string()),
            "2 stories"
        );
        assert_eq!(
            english.count("news_count", 0, |n| n.to_string()),
            "0 stories"
        );
    }

    #[test]
    fn unknown_keys_and_wrong_kinds_are_refused_with_a_hint() {
        let one =
            |text: &str| -> BTreeMap<String, Phrase> { toml::from_str(text).unwrap_or_default() };
        let unknown = check(&one("read_alsoo = \"x\"")).err().unwrap_or_default();
        assert!(
            unknown.contains("`read_alsoo`") && unknown.contains("`read_also`"),
            "{unknown}"
        );
        let text_for_count = check(&one("news_count = \"x\"")).err().unwrap_or_default();
        assert!(text_for_count.contains("is a count"), "{text_for_count}");
        let count_for_text = check(&one("home = { other = \"x\" }"))
            .err()
            .unwrap_or_default();
        assert!(count_for_text.contains("is a text"), "{count_for_text}");
    }
}
