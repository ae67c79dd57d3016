//! Right-to-left text where no `dir` attribute reaches it: a browser tab's
//! `<title>`, a feed reader's entry title, a share card's `og:title`, JSON-LD.
//! There the first strong letter sets the direction, so «Apple تطلق iPhone 17»
//! would be laid out left to right, its words out of order.

use std::borrow::Cow;

use unicode_bidi::Direction;

/// RIGHT-TO-LEFT MARK: an invisible strong right-to-left character.
pub(crate) const RLM: char = '\u{200F}';

/// `text` as right-to-left plain text: with a right-to-left mark in front when
/// its first strong letter is left-to-right (a Latin-led title), unchanged
/// otherwise — most titles cost nothing.
pub(crate) fn rtl_plain_text(text: &str) -> Cow<'_, str> {
    if unicode_bidi::get_base_direction(text) == Direction::Ltr {
        Cow::Owned(format!("{RLM}{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with its explicit bidi controls balanced: every embedding,
/// override and isolate it opens is closed at its end, and closers with
/// nothing to close are dropped. A title with an unbalanced «RLO» would
/// otherwise reverse whatever follows it where it is set in a longer line
/// (`<title>`, a feed entry, the site name after it).
pub(crate) fn balanced(text: &str) -> Cow<'_, str> {
    const PDF: char = '\u{202C}';
    const PDI: char = '\u{2069}';
    let is_control = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.contains(is_control) {
        return Cow::Borrowed(text);
    }
    // What is open, innermost last: true for an isolate.
    let mut open: Vec<bool> = Vec::new();
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(false),
            '\u{2066}'..='\u{2068}' => open.push(true),
            PDF if open.last() == Some(&false) => {
                open.pop();
            }
            PDI if open.contains(&true) => {
                // A PDI also ends the embeddings opened inside its isolate.
                while let Some(false) = open.pop() {
                    out.push(PDF);
                }
            }
            PDF | PDI => continue,
            _ => {}
        }
        out.push(c);
    }
    for isolate in open.into_iter().rev() {
        out.push(if isolate { PDI } else { PDF });
    }
    Cow::Owned(out)
}

/// Whether `text` has something to see: a letter, digit, punctuation or
/// symbol, not only spaces, marks, and invisible or direction characters.
pub(crate) fn has_visible_text(text: &str) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    text.chars().any(|c| {
        matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter
                | GeneralCategoryGroup::Number
                | GeneralCategoryGroup::Punctuation
                | GeneralCategoryGroup::Symbol
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_direction_controls_are_balanced() {
        // An override left open is closed; a balanced one is left alone.
        assert_eq!(balanced("\u{202E}خبر"), "\u{202E}خبر\u{202C}");
        assert_eq!(balanced("أ \u{2067}ب\u{2069} ج"), "أ \u{2067}ب\u{2069} ج");
        // Closers with nothing open are dropped.
        assert_eq!(balanced("خبر\u{202C}\u{2069}"), "خبر");
        // A PDI closes the embedding opened inside its isolate.
        assert_eq!(
            balanced("\u{2066}a\u{202B}b\u{2069}c"),
            "\u{2066}a\u{202B}b\u{202C}\u{2069}c"
        );
        assert_eq!(
            balanced("\u{2068}\u{202D}x"),
            "\u{2068}\u{202D}x\u{202C}\u{2069}"
        );
        assert!(matches!(balanced("خبر عاجل"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_titles_have_no_visible_text() {
        for invisible in [
            "",
            "  ",
            "\u{202E}\u{200F}\u{2066}",
            "\u{200B}\u{FEFF}\u{00AD}",
            "\u{064B}\u{0651}",
            "\u{3000}\u{00A0}",
        ] {
            assert!(!has_visible_text(invisible), "{invisible:?}");
        }
        for visible in ["خبر", "\u{202E}x", "2025", "«»", "€"] {
            assert!(has_visible_text(visible), "{visible:?}");
        }
    }

    #[test]
    fn latin_led_titles_get_a_right_to_left_mark() {
        assert_eq!(
            rtl_plain_text("Apple تطلق iPhone 17"),
            "\u{200F}Apple تطلق iPhone 17"
        );
        assert_eq!(
            rtl_plain_text("«BBC» تغطي الانتخابات"),
            "\u{200F}«BBC» تغطي الانتخابات"
        );
    }

    #[test]
    fn arabic_led_and_neutral_titles_are_left_alone() {
        for title in ["الرئيس يلتقي وفد Google", "2025 عام التحول", "100%", ""]
        {
            assert!(
                matches!(rtl_plain_text(title), Cow::Borrowed(t) if t == title),
                "{title}"
            );
        }
    }
}
