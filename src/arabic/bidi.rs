//! Right-to-left text where no `dir` attribute reaches it: a browser tab's
//! `<title>`, a feed reader's entry title, a share card's `og:title`, JSON-LD.
//! There the first strong letter sets the direction, so «Apple تطلق iPhone 17»
//! would be laid out left to right, its words out of order.

use std::borrow::Cow;

use unicode_bidi::Direction;

/// RIGHT-TO-LEFT MARK: an invisible strong right-to-left character.
pub const RLM: char = '\u{200F}';

/// `text` as right-to-left plain text: with a right-to-left mark in front when
/// its first strong letter is left-to-right (a Latin-led title), unchanged
/// otherwise — most titles cost nothing.
pub fn rtl_plain_text(text: &str) -> Cow<'_, str> {
    if unicode_bidi::get_base_direction(text) == Direction::Ltr {
        Cow::Owned(format!("{RLM}{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
