//! URL slugs from titles: Arabic letters kept (normalised), punctuation gone,
//! words joined by hyphens, length bounded at a word boundary.

use super::normalize::key;

/// Longest slug, in characters. Percent-encoded Arabic takes six bytes a letter,
/// so this keeps URLs and file names well under common limits (255 bytes).
pub const MAX_SLUG_CHARS: usize = 40;

/// The slug of `text`, or `None` when it holds no letter or digit at all
/// (a title of only punctuation or emoji): the caller then picks a fallback.
///
/// Only alphanumeric characters and single hyphens can appear, so a slug is
/// always one safe path segment: never `.`/`..`, never a `/` or `\`.
pub fn slugify(text: &str) -> Option<String> {
    slug_of_key(&key(text))
}

/// [`slugify`] of text whose [`key`] is already known.
pub fn slug_of_key(key: &str) -> Option<String> {
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

/// Cleans a slug the user wrote (front matter `slug`): the same rules as
/// [`slugify`], so `../../etc/passwd` becomes `etc-passwd`.
pub fn clean_user_slug(slug: &str) -> Option<String> {
    slugify(slug)
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
        assert_eq!(
            clean_user_slug("../../etc/passwd").as_deref(),
            Some("etc-passwd")
        );
        assert_eq!(clean_user_slug("a\\b/c").as_deref(), Some("a-b-c"));
        assert_eq!(clean_user_slug(".."), None);
    }
}
