//! Search terms: the words of a text as the site's search matches them —
//! folded by the one normaliser ([`super::normalize::key`]), then reduced by
//! a light stemmer so that «التحالف», «والتحالف», «بالتحالف» and «تحالف» are
//! one term, and «الحكومات» finds «الحكومة».
//!
//! The stemmer is Light10 (Larkey, Ballesteros and Connell, "Light Stemming
//! for Arabic Information Retrieval", 2007), the light stemmer IR
//! evaluations keep finding best for Arabic search, written for folded
//! words (ة is ه, ى is ي). It is small on purpose: the search page's script
//! repeats it exactly (`static/search.js`, checked against this one by a
//! test), so a query is stemmed in the browser as the index was at build.

use super::normalize::key;

/// Definite-article prefixes, longest first; one is removed when at least
/// two letters remain.
const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
/// Suffixes removed in order, each once, when at least two letters remain.
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The Light10 stem of one folded word (a word of [`key`]'s output).
pub(crate) fn light_stem(word: &str) -> &str {
    let mut stem = word;
    // و first, when three letters stay.
    if let Some(rest) = stem.strip_prefix('و') {
        if rest.chars().count() >= 3 {
            stem = rest;
        }
    }
    strip_suffixes(strip_article(stem))
}

/// The other stems an indexed word is found by. Light10 cannot tell the
/// conjunction و from a word's own first letter: «وقود» stems to «قود» but
/// «الوقود» to «وقود». The index files a word under both readings — its
/// و kept, and a و after the article dropped — so that a query stemmed the
/// one way (as the search page does) meets the text written the other.
/// Nor does it take ب، ل، ك، ف off a word without the article: «بحمى
/// الضنك» is also filed under «حمى», or a search for «حمى الضنك» would
/// miss every story that writes it so (three letters must stay).
pub(crate) fn index_stems(word: &str) -> impl Iterator<Item = &str> {
    let main = light_stem(word);
    let kept = strip_suffixes(strip_article(word));
    let after_article = strip_article(word)
        .strip_prefix('و')
        .filter(|rest| rest.chars().count() >= 3)
        .map(strip_suffixes);
    let after_clitic = word
        .strip_prefix(['ب', 'ل', 'ك', 'ف'])
        .filter(|rest| rest.chars().count() >= 3)
        .map(light_stem);
    let mut seen: Vec<&str> = vec![main];
    for other in [Some(kept), after_article, after_clitic]
        .into_iter()
        .flatten()
    {
        if !seen.contains(&other) {
            seen.push(other);
        }
    }
    seen.into_iter()
}

/// Light10's article step: one definite-article prefix removed when at
/// least two letters remain.
fn strip_article(word: &str) -> &str {
    for article in ARTICLES {
        if let Some(rest) = word.strip_prefix(article) {
            if rest.chars().count() >= 2 {
                return rest;
            }
        }
    }
    word
}

/// Light10's suffix step: each suffix, in order, removed once when at least
/// two letters remain.
fn strip_suffixes(word: &str) -> &str {
    let mut stem = word;
    for suffix in SUFFIXES {
        if let Some(rest) = stem.strip_suffix(suffix) {
            if rest.chars().count() >= 2 {
                stem = rest;
            }
        }
    }
    stem
}

/// The search terms of `text`, in order: each word folded and stemmed.
pub fn terms(text: &str) -> Vec<String> {
    key(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| light_stem(w).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(word: &str) -> String {
        terms(word).join(" ")
    }

    #[test]
    fn prefixes_of_the_article_and_conjunctions_go() {
        for word in [
            "التحالف",
            "والتحالف",
            "بالتحالف",
            "فالتحالف",
            "كالتحالف",
            "تحالف",
        ] {
            assert_eq!(one(word), "تحالف", "{word}");
        }
        assert_eq!(one("للحكومة"), one("الحكومة"));
    }

    #[test]
    fn plural_and_pronoun_suffixes_go() {
        assert_eq!(one("الحكومات"), one("الحكومة"));
        assert_eq!(one("المعلمون"), one("المعلمين"));
        assert_eq!(one("مدينتها"), "مدينت");
        assert_eq!(one("السعودية"), one("السعوديه"));
    }

    #[test]
    fn spelling_variants_are_one_term() {
        assert_eq!(one("القاهرة"), one("القاهره"));
        assert_eq!(one("مستشفى"), one("مستشفي"));
        assert_eq!(one("إعلان"), one("اعلان"));
        assert_eq!(one("أَعْلَنَ"), one("اعلن"));
        assert_eq!(one("٢٠٢٥"), "2025");
    }

    #[test]
    fn short_words_and_different_words_stay_apart() {
        // Too short to lose anything.
        assert_eq!(one("ال"), "ال");
        assert_eq!(one("وزن"), "وزن");
        assert_ne!(one("الحكومة"), one("الحكم"));
        assert_ne!(one("بغداد"), one("غداد"), "ب alone is not a prefix");
        assert_ne!(one("القاهرة"), one("القاعدة"));
    }

    #[test]
    fn a_word_is_indexed_under_both_readings_of_a_leading_waw() {
        let stems = |w: &str| index_stems(w).map(str::to_string).collect::<Vec<_>>();
        // Queries are stemmed by `light_stem`: each finds the other spelling.
        assert!(stems("وقود").contains(&light_stem("الوقود").to_string()));
        assert!(stems("الوقود").contains(&light_stem("وقود").to_string()));
        assert!(stems("وزارة").contains(&light_stem("الوزارة").to_string()));
        assert!(stems("الوزارة").contains(&light_stem("وزارة").to_string()));
        // A word without و has one stem.
        assert_eq!(stems("الحكومه"), ["حكوم"]);
    }

    #[test]
    fn a_word_is_also_indexed_without_a_leading_preposition() {
        let stems = |w: &str| index_stems(w).map(str::to_string).collect::<Vec<_>>();
        // «بحمى الضنك»: found by «حمى».
        assert!(stems("بحمي").contains(&light_stem("حمي").to_string()));
        assert!(stems("لمصر").contains(&light_stem("مصر").to_string()));
        // Three letters must stay: «بعد» is no «عد».
        assert_eq!(stems("بعد"), ["بعد"]);
    }

    #[test]
    fn a_text_becomes_its_terms_in_order() {
        assert_eq!(
            terms("وزير الخارجية يلتقي نظيره، في «القاهرة»"),
            ["زير", "خارج", "يلتق", "نظير", "في", "قاهر"]
        );
    }
}
