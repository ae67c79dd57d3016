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
    let table = &**FOLDED;
    let mut out = String::with_capacity(text.len());
    // Where the run of characters that are their own key began: it is
    // copied whole when it ends, single spaces inside it and all.
    let mut run: Option<usize> = None;
    // The run is followed by a space, kept if a letter of the run follows.
    let mut space_in_run = false;
    // A space is owed before the next letter written (never a first one).
    let mut space_due = false;
    for (at, c) in text.char_indices() {
        let folded = table.get(c as usize).copied();
        if folded == Some(c as u32) && c != ' ' {
            if run.is_none() {
                if std::mem::take(&mut space_due) && !out.is_empty() {
                    out.push(' ');
                }
                run = Some(at);
            }
            space_in_run = false;
            continue;
        }
        if c == ' ' && run.is_some() && !space_in_run {
            space_in_run = true;
            continue;
        }
        if let Some(start) = run.take() {
            // The space before `c` (one byte) is not the run's.
            let end = if space_in_run { at - 1 } else { at };
            out.push_str(&text[start..end]);
            space_due = std::mem::take(&mut space_in_run);
        }
        fold_into(&mut out, &mut space_due, c, folded);
    }
    if let Some(start) = run {
        let end = text.len() - usize::from(space_in_run);
        out.push_str(&text[start..end]);
    }
    out
}

/// Writes what [`key`] makes of a character that is not its own key
/// (`folded`: its entry in [`FOLDED`], if the table covers it).
fn fold_into(out: &mut String, space_due: &mut bool, c: char, folded: Option<u32>) {
    let step = match folded {
        Some(DROPPED) => None,
        Some(folded) if folded != SEVERAL => char::from_u32(folded).map(Folded::Final),
        _ => fold_char(c).map(Folded::ToLower),
    };
    match step {
        None => {}
        // A run of spaces is one space, and only between two words.
        Some(Folded::Final(' ') | Folded::ToLower(' ')) => *space_due = true,
        Some(folded) => {
            if std::mem::take(space_due) && !out.is_empty() {
                out.push(' ');
            }
            match folded {
                Folded::Final(c) => out.push(c),
                Folded::ToLower(c) => {
                    take_lowered(c, &mut |l| {
                        out.push(l);
                        true
                    });
                }
            }
        }
    }
}

/// Code points below this are folded through [`FOLDED`]: ASCII, Latin,
/// Greek, Cyrillic, Hebrew and the whole Arabic block.
const TABLE_END: usize = 0x800;
/// In [`FOLDED`]: the character is dropped.
const DROPPED: u32 = u32::MAX;
/// In [`FOLDED`]: lower-cased, it is several characters (the slow way).
const SEVERAL: u32 = u32::MAX - 1;

/// What [`fold_char`] and lower-casing make of each code point below
/// [`TABLE_END`], worked out once from them: every title, read-also line
/// and related-stories lead goes through [`key`], and a table lookup is a
/// tenth of the work of asking again for every character.
static FOLDED: std::sync::LazyLock<Box<[u32]>> = std::sync::LazyLock::new(|| {
    (0..TABLE_END as u32)
        .map(|code| {
            let Some(c) = char::from_u32(code) else {
                return DROPPED;
            };
            match fold_char(c) {
                None => DROPPED,
                Some(folded) => {
                    let mut lowered = Vec::new();
                    take_lowered(folded, &mut |l| {
                        lowered.push(l);
                        true
                    });
                    match lowered.as_slice() {
                        [one] => u32::from(*one),
                        _ => SEVERAL,
                    }
                }
            }
        })
        .collect()
});

/// Letters and digits that are their own key: neither folded, dropped nor
/// lower-cased.
fn is_its_own_key(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | 'ء' | 'ؤ' | 'ئ' | 'ا' | 'ب' | 'ت'..='غ' | 'ف'..='و' | 'ي')
}

/// [`key`], or `None` as soon as the key grows past `max` bytes: checking
/// whether a long line is one of a few short phrases then costs only its
/// first few characters.
pub(crate) fn key_up_to(text: &str, max: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len().min(max.saturating_add(4)));
    let whole = for_each_key_char(text, |c| {
        out.push(c);
        out.len() <= max
    });
    whole.then_some(out)
}

/// The key a term is grouped by: its matching key, with the `+` and `#`
/// that end a name kept («C++», «C#» and «C» are three terms); a name of
/// punctuation or emoji alone («🔥») is its own key, not dropped.
pub(crate) fn term_key(name: &str) -> String {
    let folded = key(name);
    let trimmed = name.trim();
    if folded.is_empty() {
        return trimmed.to_lowercase();
    }
    let marks = trimmed.len() - trimmed.trim_end_matches(['+', '#']).len();
    if marks == 0 {
        folded
    } else {
        folded + &trimmed[trimmed.len() - marks..]
    }
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
        match fold_step(c) {
            None => {}
            // A run of spaces is one space, and only between two words.
            Some(Folded::Final(' ') | Folded::ToLower(' ')) => space_due = started,
            Some(folded) => {
                if std::mem::take(&mut space_due) && !take(' ') {
                    return false;
                }
                started = true;
                let whole = match folded {
                    Folded::Final(c) => take(c),
                    Folded::ToLower(c) => take_lowered(c, &mut take),
                };
                if !whole {
                    return false;
                }
            }
        }
    }
    true
}

/// What the key makes of `c` (`None`: dropped), through the table where
/// it covers `c`.
fn fold_step(c: char) -> Option<Folded> {
    let code = c as usize;
    match FOLDED.get(code).copied() {
        Some(DROPPED) => None,
        Some(folded) if folded != SEVERAL => char::from_u32(folded).map(Folded::Final),
        _ => fold_char(c).map(Folded::ToLower),
    }
}

/// A character as the key has it: final, or still to be lower-cased.
enum Folded {
    Final(char),
    ToLower(char),
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
        // Lower-casing can make marks the key drops: «İ» is «i» and a dot
        // above. Folded again, so that the key of a key is itself.
        // (`fold_char`, not the table: the table is made with this.)
        c.to_lowercase()
            .all(|lower| fold_char(lower).is_none_or(&mut *take))
    }
}

/// Converts Eastern Arabic and Persian digits to ASCII, leaving everything else.
pub(crate) fn ascii_digits(text: &str) -> String {
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
    fn a_letter_that_lower_cases_to_a_mark_keys_as_its_key_does() {
        // proptest found it: «İ» lower-cases to «i» and U+0307.
        for text in ["İ", "İstanbul", "ǅ", "ẞ"] {
            assert_eq!(key(&key(text)), key(text), "{text}");
        }
        assert_eq!(key("İ"), "i");
    }

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

    /// The key as [`fold_char`] and [`take_lowered`] make it a character
    /// at a time, without the table: what [`key`] must equal.
    fn key_without_the_table(text: &str) -> String {
        let mut out = String::new();
        let mut space_due = false;
        for c in text.chars() {
            match fold_char(c) {
                None => {}
                Some(' ') => space_due = !out.is_empty(),
                Some(folded) => {
                    if std::mem::take(&mut space_due) {
                        out.push(' ');
                    }
                    take_lowered(folded, &mut |l| {
                        out.push(l);
                        true
                    });
                }
            }
        }
        out
    }

    #[test]
    fn the_table_folds_every_code_point_it_covers_as_the_rules_do() {
        for code in 0..TABLE_END as u32 + 64 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("ب{c}ب {c}");
            assert_eq!(key(&text), key_without_the_table(&text), "U+{code:04X}");
        }
        assert_eq!(key("İstanbul"), key_without_the_table("İstanbul"));
    }

    proptest! {
        /// [`key`] goes through a table; the rules fold one character at a
        /// time. They must agree on every text, as must [`key_up_to`].
        #[test]
        fn key_through_the_table_equals_key_folding_each_character(
            text in "([اأإآةىيوبتـ\u{064B}-\u{0652}٠-٩a-zA-Z0-9 .،:«»\u{200f}\t]|\\PC){0,40}"
        ) {
            prop_assert_eq!(key(&text), key_without_the_table(&text));
            prop_assert_eq!(key(&text), key_up_to(&text, usize::MAX).unwrap_or_default());
        }
    }
}
