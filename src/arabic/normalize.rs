//! The one normalisation of Arabic text used for matching.
//!
//! Read-also resolution, slugs, date month names and header detection all call
//! [`key`], so they can never disagree about whether two spellings are "the same".

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

const TATWEEL: char = '\u{0640}';

/// Folds one character, or drops it (`None`). Punctuation, symbols and
/// whitespace become a space so that word boundaries survive.
fn fold_char(c: char) -> Option<char> {
    match c {
        // The common cases first, without a Unicode table lookup.
        _ if is_its_own_key(c) => Some(c),
        ' ' => Some(' '),
        TATWEEL => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ة' => Some('ه'),
        'ى' => Some('ي'),
        // Eastern Arabic (U+0660..) and Persian (U+06F0..) digits to ASCII.
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
        _ if c.is_whitespace() => Some(' '),
        _ => match c.general_category_group() {
            GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol => Some(' '),
            GeneralCategoryGroup::Mark
                if c.general_category() == GeneralCategory::NonspacingMark =>
            {
                None
            }
            GeneralCategoryGroup::Other => None,
            _ => Some(c),
        },
    }
}

/// The matching key of a piece of text: tashkeel and tatweel dropped, hamza/alef
/// forms, ة/ه and ى/ي folded, digits made ASCII, punctuation and symbols turned
/// into spaces, lower-cased, and runs of spaces collapsed.
///
/// `key("إقرأ أيضاً:") == key("اقرأ ايضا")`.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space_due = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // Most of a text is letters that are their own key: copied a run
        // at a time, the rest folded a character at a time.
        let run = rest.find(|c| !is_its_own_key(c)).unwrap_or(rest.len());
        let folded = if run > 0 { Some(c) } else { fold_char(c) };
        match folded {
            None => {}
            // A run of spaces is one space, and only between two words.
            Some(' ') => space_due = !out.is_empty(),
            Some(folded) => {
                if std::mem::take(&mut space_due) {
                    out.push(' ');
                }
                if run > 0 {
                    out.push_str(&rest[..run]);
                } else {
                    take_lowered(folded, &mut |c| {
                        out.push(c);
                        true
                    });
                }
            }
        }
        rest = &rest[run.max(c.len_utf8())..];
    }
    out
}

/// Letters and digits that are their own key: neither folded, dropped nor
/// lower-cased.
fn is_its_own_key(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | 'ء' | 'ؤ' | 'ئ' | 'ا' | 'ب' | 'ت'..='غ' | 'ف'..='و' | 'ي')
}

/// [`key`], or `None` as soon as the key grows past `max` bytes: checking
/// whether a long line is one of a few short phrases then costs only its
/// first few characters.
pub fn key_up_to(text: &str, max: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len().min(max.saturating_add(4)));
    let whole = for_each_key_char(text, |c| {
        out.push(c);
        out.len() <= max
    });
    whole.then_some(out)
}

/// The start of [`key`]`(text)`: its first `bytes` bytes (cut back to a
/// character boundary), or the whole key when shorter, made without
/// folding the rest of the text.
pub fn key_start(text: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4);
    for_each_key_char(text, |c| {
        out.push(c);
        out.len() < bytes
    });
    out.truncate(out.floor_char_boundary(bytes));
    out
}

/// The first character of [`key`]`(text)`, found without building the key:
/// a cheap test that rules out most lines before a key is made of them.
pub fn first_key_char(text: &str) -> Option<char> {
    let mut first = None;
    for_each_key_char(text, |c| {
        first = Some(c);
        false
    });
    first
}

/// Hands the key's characters, in order, to `take` until it returns false:
/// folded, lower-cased, one space between words and none at either end.
/// Returns whether the whole key was taken. One pass and no iterator
/// adapters: every title and read-also line of a build goes through here.
fn for_each_key_char(text: &str, mut take: impl FnMut(char) -> bool) -> bool {
    let mut started = false;
    let mut space_due = false;
    for c in text.chars() {
        match fold_char(c) {
            None => {}
            // A run of spaces is one space, and only between two words.
            Some(' ') => space_due = started,
            Some(c) => {
                if std::mem::take(&mut space_due) && !take(' ') {
                    return false;
                }
                started = true;
                if !take_lowered(c, &mut take) {
                    return false;
                }
            }
        }
    }
    true
}

/// Hands `c` to `take` as the key has it: lower-cased when it is an
/// upper-case letter (one or more characters), ASCII and Arabic without a
/// Unicode table lookup.
fn take_lowered(c: char, take: &mut impl FnMut(char) -> bool) -> bool {
    if c.is_ascii() {
        take(c.to_ascii_lowercase())
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) || !c.is_uppercase() {
        take(c)
    } else {
        c.to_lowercase().all(take)
    }
}

/// Converts Eastern Arabic and Persian digits to ASCII, leaving everything else.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => fold_char(c).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_hamza_alef_forms() {
        assert_eq!(key("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
    }

    #[test]
    fn folds_teh_marbuta_and_alef_maqsura() {
        assert_eq!(key("مدينة على"), "مدينه علي");
    }

    #[test]
    fn drops_tashkeel_and_tatweel() {
        assert_eq!(key("سُوريَّا تـــشن"), "سوريا تشن");
    }

    #[test]
    fn punctuation_and_quotes_become_single_spaces() {
        assert_eq!(
            key("دمشق تعلن: «اتفاق» مع \"داعش\"... ؟"),
            "دمشق تعلن اتفاق مع داعش"
        );
        assert_eq!(key("  a  —  b  "), "a b");
    }

    #[test]
    fn bounded_key_gives_up_only_past_its_bound() {
        let text = "إقرأ أيضاً: «عنوان» طويل جداً";
        let whole = key(text);
        assert_eq!(key_up_to(text, whole.len()), Some(whole.clone()));
        assert_eq!(key_up_to(text, whole.len() - 1), None);
        assert_eq!(key_up_to("ـــًٌ", 0), Some(String::new()));
    }

    #[test]
    fn read_also_header_spellings_share_a_key() {
        let k = key("إقرأ أيضاً:");
        assert_eq!(k, "اقرا ايضا");
        for s in ["اقرأ أيضا:", "اقرأ أيضًا", "إقرأ ايضا :", "اقرأ أيضاً"]
        {
            assert_eq!(key(s), k, "{s}");
        }
    }

    #[test]
    fn digits_and_case_fold() {
        assert_eq!(key("OPEC+ ٢٠٢٥ Bloomberg"), "opec 2025 bloomberg");
        assert_eq!(ascii_digits("١١ نوفمبر ٢٠٢٥"), "11 نوفمبر 2025");
    }

    #[test]
    fn empty_and_symbol_only_inputs() {
        assert_eq!(key(""), "");
        assert_eq!(key("!!! 🔥🔥 ؟؟؟"), "");
    }

    use proptest::prelude::*;

    proptest! {
        /// [`key`] copies runs of letters whole; [`key_up_to`] folds one
        /// character at a time. They must agree on every text.
        #[test]
        fn key_copying_runs_equals_key_folding_each_character(
            text in "([اأإآةىيوبتـ\u{064B}-\u{0652}٠-٩a-zA-Z0-9 .،:«»\u{200f}\t]|\\PC){0,40}"
        ) {
            prop_assert_eq!(key(&text), key_up_to(&text, usize::MAX).unwrap_or_default());
        }
    }
}
