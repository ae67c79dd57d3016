//! Page furniture: lines scrapers carry over from a news page that are not
//! the story («الأكثر قراءة», «شارك الخبر», «تابعوا آخر أخبار …»). Raw text
//! drops them from the body; the build reports them once per site.

use crate::arabic::normalize::{first_key_char, key_start};

/// Matching keys of furniture lines; a line whose key starts with one of
/// them (and is not much longer: furniture is short) is furniture.
const BUILT_IN: [&str; 9] = [
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "استمع للمقال",
    "استمع الي المقال",
    "شارك الخبر",
    "شارك المقال",
    "تابعوا اخر اخبار",
    "تابعونا علي",
    "حمل تطبيق",
];

/// Furniture is a short line: a sentence that happens to start the same
/// way is body text.
const MAX_WORDS: usize = 12;

/// Whether `line` is page furniture, by the built-in list or `extra` (the
/// site's own, as matching keys).
pub(crate) fn is_furniture(line: &str, extra: &[String]) -> bool {
    let Some(first) = first_key_char(line) else {
        return false;
    };
    let starts = |k: &str| k.starts_with(first);
    let candidates = BUILT_IN
        .iter()
        .copied()
        .filter(|k| starts(k))
        .chain(extra.iter().map(String::as_str).filter(|k| starts(k)));
    let mut candidates = candidates.peekable();
    // Stops at the word past the limit: body paragraphs are long.
    if candidates.peek().is_none() || line.split_whitespace().nth(MAX_WORDS).is_some() {
        return false;
    }
    let longest = BUILT_IN
        .iter()
        .map(|k| k.len())
        .chain(extra.iter().map(String::len))
        .max()
        .unwrap_or(0);
    let start = key_start(line, longest);
    candidates.any(|k| start.starts_with(k) && boundary(&start, k.len()))
}

/// Whether `at` ends a word in `key` (so «شارك الخبرة» is not «شارك الخبر»).
fn boundary(key: &str, at: usize) -> bool {
    key[at..].chars().next().is_none_or(|c| c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_in_any_spelling_and_nothing_else() {
        for line in [
            "الأكثر قراءة",
            "الاكثر قراءه:",
            "إستمع للمقال",
            "شارك الخبر",
            "تابعوا آخر أخبار سوريا عبر تطبيق تلغرام",
        ] {
            assert!(is_furniture(line, &[]), "{line}");
        }
        for line in [
            "شارك الخبراء في المؤتمر الذي عقد في عمان أمس",
            "تابعوا آخر أخبار سوريا عبر تطبيق تلغرام وفيسبوك وتويتر وإنستغرام ويوتيوب وقنواتنا الأخرى كلها",
            "دمشق- قال الوزير إن الأكثر قراءة هو الخبر",
            "",
        ] {
            assert!(!is_furniture(line, &[]), "{line}");
        }
        let extra = vec![crate::arabic::normalize::key("اشترك في النشرة")];
        assert!(is_furniture("اشترك في النشرة البريدية", &extra));
    }
}
