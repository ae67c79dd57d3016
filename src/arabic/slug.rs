//! URL slugs from titles. Two styles: `headline` (the default) keeps the
//! headline's own spelling, cut at a word boundary by a word budget and
//! without a dangling preposition; `normalized` is the matching key (the URLs
//! sahifa wrote before). Both make one safe path segment.

use super::normalize::key;

/// Longest `normalized` slug, in characters (the URLs sites already have).
pub const MAX_SLUG_CHARS: usize = 40;
/// Most words a `headline` slug keeps: a headline's first seven words name its story.
pub(crate) const MAX_SLUG_WORDS: usize = 7;
/// Longest `headline` slug, in characters, whatever the words: a file name
/// stays far below 255 bytes (Arabic letters take two bytes each).
pub const MAX_HEADLINE_SLUG_CHARS: usize = 60;

/// Words a slug does not end on: prepositions, conjunctions and particles
/// that would leave the URL mid-phrase (`…-مع`).
const FUNCTION_WORDS: &[&str] = &[
    "في",
    "من",
    "إلى",
    "الى",
    "إلي",
    "على",
    "علي",
    "عن",
    "مع",
    "و",
    "أو",
    "او",
    "ثم",
    "بعد",
    "قبل",
    "حتى",
    "حتي",
    "منذ",
    "لدى",
    "لدي",
    "عند",
    "بين",
    "ضد",
    "نحو",
    "خلال",
    "حول",
    "قبيل",
    "عقب",
    "إثر",
    "اثر",
    "وسط",
    "أمام",
    "امام",
    "تجاه",
    "عبر",
    "دون",
    "رغم",
    "إن",
    "ان",
    "أن",
    "لا",
    "ما",
    "لم",
    "لن",
    "قد",
    "هل",
    "التي",
    "الذي",
    "الذين",
    "اللتين",
    "اللذين",
    "كل",
    "the",
    "of",
    "a",
    "an",
    "and",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
];

/// How titles become slugs (`slug_style` in `site.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// The headline's own spelling (ة ى أ إ آ ؤ ئ kept).
    #[default]
    Headline,
    /// The normalised matching key (`وزاره-الصحه`): URLs of sites published
    /// with sahifa before slugs kept the spelling.
    Normalized,
}

impl SlugStyle {
    /// The slug of `text` in this style, or `None` when it holds no letter or
    /// digit at all (a title of only punctuation or emoji): the caller then
    /// picks a fallback.
    pub fn slug(self, text: &str) -> Option<String> {
        match self {
            Self::Headline => headline_slug(text),
            Self::Normalized => slugify(text),
        }
    }
}

/// The `normalized` slug of `text`: its [`key`], words joined by hyphens.
///
/// Only alphanumeric characters and single hyphens can appear, so a slug is
/// always one safe path segment: never `.`/`..`, never a `/` or `\`.
pub fn slugify(text: &str) -> Option<String> {
    slug_of_key(&key(text))
}

/// [`slugify`] of text whose [`key`] is already known.
pub(crate) fn slug_of_key(key: &str) -> Option<String> {
    let mut slug = String::with_capacity(key.len().min(MAX_SLUG_CHARS * 4));
    let mut chars = 0;
    for word in key.split(' ') {
        let len = word.chars().filter(|&c| is_slug_char(c)).count();
        if len == 0 {
            continue;
        }
        if chars > 0 && chars + 1 + len > MAX_SLUG_CHARS {
            break;
        }
        if chars > 0 {
            slug.push('-');
            chars += 1;
        }
        let letters = word.chars().filter(|&c| is_slug_char(c));
        if len > MAX_SLUG_CHARS {
            slug.extend(letters.take(MAX_SLUG_CHARS));
            break;
        }
        slug.extend(letters);
        chars += len;
    }
    (!slug.is_empty()).then_some(slug)
}

/// The `headline` slug of `text`: its words as written (Latin lower-cased),
/// tashkeel, tatweel, invisible marks and punctuation dropped; a decimal point
/// between digits kept (`5.4`); at most [`MAX_SLUG_WORDS`] words and
/// [`MAX_HEADLINE_SLUG_CHARS`] characters, cut at a word boundary, and never
/// ending on a function word unless that is all there is.
///
/// Only letters, digits, single hyphens and dots between digits appear, so
/// the slug is one safe path segment: never `.`/`..`, never `/` or `\`.
pub fn headline_slug(text: &str) -> Option<String> {
    // One word past the budget tells whether the headline is cut.
    let words = headline_words(text, MAX_SLUG_WORDS + 1);
    let mut kept: Vec<&str> = Vec::with_capacity(MAX_SLUG_WORDS);
    let mut chars = 0;
    for word in &words {
        let len = word.chars().count();
        let joined = chars + usize::from(chars > 0) + len;
        if kept.len() == MAX_SLUG_WORDS || (chars > 0 && joined > MAX_HEADLINE_SLUG_CHARS) {
            break;
        }
        kept.push(word);
        chars = joined;
    }
    // A cut headline does not end mid-phrase; a whole one ends as written
    // («محمد علي» keeps «علي», which is spelled as «على» is).
    let cut = kept.len() < words.len();
    while cut && kept.len() > 1 && kept.last().is_some_and(|w| is_function_word(w)) {
        kept.pop();
    }
    // Cuts only a word longer than the budget on its own.
    cut_to(kept.join("-"), MAX_HEADLINE_SLUG_CHARS)
}

/// `slug` cut to `max` characters, without a trailing `.` or `-`; `None`
/// when nothing is left.
fn cut_to(mut slug: String, max: usize) -> Option<String> {
    if let Some((cut, _)) = slug.char_indices().nth(max) {
        slug.truncate(cut);
        while slug.ends_with(['.', '-']) {
            slug.pop();
        }
    }
    (!slug.is_empty()).then_some(slug)
}

/// The first `limit` words of a headline as a slug spells them.
fn headline_words(text: &str, limit: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().filter(|&c| !is_dropped_mark(c)).collect();
    let mut words = Vec::new();
    // One buffer for every word, each kept as a copy of its own size (a
    // word grown from nothing is reallocated three or four times).
    let mut word = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if words.len() == limit {
            return words;
        }
        if is_slug_char(c) {
            // Arabic letters have no case, ASCII's is a bit: only other
            // scripts need Unicode's tables.
            if ('\u{0621}'..='\u{064A}').contains(&c) {
                word.push(c);
            } else if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else if is_decimal_point(c) && between_digits(&chars, i) {
            word.push('.');
        } else if is_digit_group_separator(c) && between_digits(&chars, i) {
            // 1,500 → 1500
        } else if !word.is_empty() {
            words.push(word.as_str().to_owned());
            word.clear();
        }
    }
    if !word.is_empty() && words.len() < limit {
        words.push(word.as_str().to_owned());
    }
    words
}

/// Characters a slug drops without splitting the word they sit in: tashkeel
/// and other combining marks, tatweel, and invisible format characters
/// (bidi marks, zero-width joiners).
fn is_dropped_mark(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    match c {
        '\u{0640}' => true,
        _ if c.is_ascii() => false,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => false,
        _ => matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::EnclosingMark
                | GeneralCategory::Format
        ),
    }
}

fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{066B}')
}

fn is_digit_group_separator(c: char) -> bool {
    matches!(c, ',' | '\u{066C}')
}

fn between_digits(chars: &[char], i: usize) -> bool {
    let digit = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_numeric());
    digit(i.checked_sub(1)) && digit(Some(i + 1))
}

fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// Letters and digits of any script; Arabic letters and ASCII without a
/// Unicode table lookup (most of what a key holds).
fn is_slug_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => {
            true
        }
        _ if c.is_ascii() => false,
        _ => c.is_alphanumeric(),
    }
}

/// Cleans a slug the user wrote (front matter `slug`, a section's `slug`)
/// into one safe segment, so `../../etc/passwd` becomes `etc-passwd`: in the
/// `headline` style with the user's spelling kept, in the `normalized` style
/// as its key (as sahifa always did).
pub(crate) fn clean_user_slug(slug: &str, style: SlugStyle) -> Option<String> {
    if style == SlugStyle::Normalized {
        return slugify(slug);
    }
    cut_to(
        headline_words(slug, usize::MAX).join("-"),
        MAX_HEADLINE_SLUG_CHARS * 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_letter_test_agrees_with_unicode() {
        let differing: Vec<char> = (0..=0x2FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_slug_char(c) != c.is_alphanumeric())
            .take(5)
            .collect();
        assert!(differing.is_empty(), "{differing:?}");
    }

    #[test]
    fn keeps_arabic_letters_normalised() {
        assert_eq!(
            slugify("دمشق تعلن توقيع إعلان تعاون سياسي").as_deref(),
            Some("دمشق-تعلن-توقيع-اعلان-تعاون-سياسي")
        );
    }

    #[test]
    fn removes_punctuation_and_quotes() {
        assert_eq!(
            slugify("مع التحالف الدولي ضد \"داعش\"").as_deref(),
            Some("مع-التحالف-الدولي-ضد-داعش")
        );
    }

    #[test]
    fn bounded_at_a_word_boundary() {
        let long = "كلمة ".repeat(40);
        let slug = slugify(&long).unwrap_or_default();
        assert!(slug.chars().count() <= MAX_SLUG_CHARS);
        assert!(!slug.ends_with('-'));
        assert!(slug.split('-').all(|w| w == "كلمه"));
    }

    #[test]
    fn single_overlong_word_is_cut() {
        let slug = slugify(&"ب".repeat(100)).unwrap_or_default();
        assert_eq!(slug.chars().count(), MAX_SLUG_CHARS);
    }

    #[test]
    fn no_letters_means_no_slug() {
        assert_eq!(slugify("!!! 🔥🔥 ؟؟؟"), None);
        assert_eq!(slugify(""), None);
    }

    #[test]
    fn path_tricks_become_plain_words() {
        for style in [SlugStyle::Headline, SlugStyle::Normalized] {
            assert_eq!(
                clean_user_slug("../../etc/passwd", style).as_deref(),
                Some("etc-passwd")
            );
            assert_eq!(clean_user_slug("a\\b/c", style).as_deref(), Some("a-b-c"));
            assert_eq!(clean_user_slug("..", style), None);
        }
    }

    #[test]
    fn a_user_slug_keeps_its_spelling_unless_the_style_is_normalized() {
        let slug = "سياسة-دولية";
        assert_eq!(
            clean_user_slug(slug, SlugStyle::Headline).as_deref(),
            Some(slug)
        );
        assert_eq!(
            clean_user_slug(slug, SlugStyle::Normalized).as_deref(),
            Some("سياسه-دوليه")
        );
    }

    fn headline(text: &str) -> String {
        headline_slug(text).unwrap_or_default()
    }

    #[test]
    fn headline_slugs_keep_hamza_teh_marbuta_and_alef_maqsura() {
        assert_eq!(headline("وزارة الصحة تطلق حملة"), "وزارة-الصحة-تطلق-حملة");
        assert_eq!(headline("العودة إلى مستشفى"), "العودة-إلى-مستشفى");
        assert_eq!(headline("كأس آسيا: مؤتمر ومسائل"), "كأس-آسيا-مؤتمر-ومسائل");
        assert_eq!(headline("إعلان الرئيس"), "إعلان-الرئيس");
    }

    #[test]
    fn a_whole_headline_keeps_its_last_word_and_a_cut_one_no_dangling_one() {
        assert_eq!(headline("سلمى بن علي"), "سلمى-بن-علي");
        assert_eq!(headline("محمد علي"), "محمد-علي");
    }

    #[test]
    fn headline_slugs_drop_tashkeel_tatweel_marks_and_punctuation() {
        assert_eq!(headline("عَاجِلٌ: الـــرئيس «يُعلن»!"), "عاجل-الرئيس-يعلن");
        // Bidi marks and zero-width joiners inside a word do not split it.
        assert_eq!(headline("دم\u{200f}شق\u{200c} اليوم"), "دمشق-اليوم");
        assert_eq!(
            headline("مع التحالف الدولي ضد \"داعش\""),
            "مع-التحالف-الدولي-ضد-داعش"
        );
    }

    #[test]
    fn headline_slugs_keep_numbers_and_decimals_readable() {
        assert_eq!(
            headline("التضخم يبلغ 5.4% في أكتوبر"),
            "التضخم-يبلغ-5.4-في-أكتوبر"
        );
        assert_eq!(headline("نمو ٣٫٥ بالمئة"), "نمو-٣.٥-بالمئة");
        assert_eq!(headline("1,500 وظيفة جديدة"), "1500-وظيفة-جديدة");
        assert_eq!(headline("نهاية الجملة. بداية"), "نهاية-الجملة-بداية");
        assert_eq!(headline("..."), "");
    }

    #[test]
    fn headline_slugs_lower_case_latin_words() {
        assert_eq!(
            headline("شركة Apple تطلق iPhone 17"),
            "شركة-apple-تطلق-iphone-17"
        );
    }

    #[test]
    fn long_headlines_stop_at_a_word_budget_without_a_dangling_preposition() {
        let slug = headline("الرئيس يلتقي وزير الخارجية ويبحث معه في القاهرة سبل التعاون");
        assert_eq!(slug, "الرئيس-يلتقي-وزير-الخارجية-ويبحث-معه");
        let slug = headline("انطلاق فعاليات المهرجان الدولي للفيلم العربي مع مشاركة واسعة");
        assert_eq!(slug, "انطلاق-فعاليات-المهرجان-الدولي-للفيلم-العربي");
        assert!(!slug.ends_with("-مع"));
        let long = "استراتيجيات ".repeat(20);
        let slug = headline(&long);
        assert!(slug.chars().count() <= MAX_HEADLINE_SLUG_CHARS, "{slug}");
        assert!(slug.split('-').all(|w| w == "استراتيجيات"));
        let one = headline(&"ب".repeat(100));
        assert_eq!(one.chars().count(), MAX_HEADLINE_SLUG_CHARS);
    }

    #[test]
    fn a_headline_of_only_function_words_keeps_its_first() {
        assert_eq!(headline("في"), "في");
        assert_eq!(headline("من في"), "من-في");
        let cut = format!("{}من في خبر", "كلمة ".repeat(MAX_SLUG_WORDS - 1));
        assert!(headline(&cut).ends_with("كلمة"), "{}", headline(&cut));
    }

    #[test]
    fn headline_slugs_are_one_safe_segment() {
        for title in [
            "../../etc/passwd",
            "a\\b/c",
            "..",
            "./.",
            "1..2",
            "٫٫",
            "5./.",
        ] {
            let slug = headline(title);
            assert!(!slug.contains(['/', '\\']), "{slug}");
            assert!(slug != "." && slug != "..", "{title} → {slug}");
            assert!(
                !slug.starts_with('.') && !slug.ends_with('.'),
                "{title} → {slug}"
            );
        }
    }

    #[test]
    fn the_styles_differ_only_in_spelling_and_budget() {
        let title = "وزارة الصحة تطلق حملة";
        assert_eq!(
            SlugStyle::Normalized.slug(title).as_deref(),
            Some("وزاره-الصحه-تطلق-حمله")
        );
        assert_eq!(
            SlugStyle::Headline.slug(title).as_deref(),
            Some("وزارة-الصحة-تطلق-حملة")
        );
    }
}
