//! The dateline that opens a news story: `دمشق- `, `بيروت - `,
//! `دبي، الإمارات العربية المتحدة (CNN)-- `, `القاهرة (أ ف ب) - `, `الرباط: `.

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline<'a> {
    /// The whole prefix as written, separator and spaces included.
    pub prefix: &'a str,
    /// The city alone.
    pub city: &'a str,
    /// The paragraph after the prefix.
    pub rest: &'a str,
}

const MAX_PREFIX_CHARS: usize = 60;
const MAX_PREFIX_WORDS: usize = 8;
const MAX_CITY_WORDS: usize = 3;

/// Finds the dateline at the start of `paragraph`, if it has one.
pub(crate) fn split(paragraph: &str) -> Option<Dateline<'_>> {
    let (sep_at, sep) = paragraph
        .char_indices()
        .take(MAX_PREFIX_CHARS)
        .find(|(_, c)| matches!(c, '-' | '–' | '—' | ':'))?;
    let head = &paragraph[..sep_at];
    if head.trim().is_empty()
        || head.split_whitespace().count() > MAX_PREFIX_WORDS
        || head.contains(['"', '«', '»', '.', '“', '”'])
        || head.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let city = head
        .split(['،', ',', '('])
        .next()
        .map(str::trim)
        .filter(|c| !c.is_empty())?;
    let city_words = city.split_whitespace().count();
    let bare = !head.contains(['،', ',', '(']);
    // "الرباط: " is a dateline; "وقال الوزير: " is not, so a colon needs a short bare city.
    if city_words > MAX_CITY_WORDS || (sep == ':' && (!bare || city_words > 2)) {
        return None;
    }
    let after_sep = paragraph[sep_at..]
        .char_indices()
        .find(|(_, c)| !matches!(c, '-' | '–' | '—' | ':' | ' '))
        .map_or(paragraph.len(), |(i, _)| sep_at + i);
    let rest = &paragraph[after_sep..];
    if rest.trim().is_empty() {
        return None;
    }
    Some(Dateline {
        prefix: &paragraph[..after_sep],
        city,
        rest,
    })
}

/// Words that open a headline or a label, never a place («بالفيديو: …»,
/// «مسؤول سوداني: …»): a prefix led by one is no dateline.
const NOT_PLACES: &[&str] = &[
    "بالفيديو",
    "فيديو",
    "بالصور",
    "صور",
    "شاهد",
    "عاجل",
    "خاص",
    "حصري",
    "حصريا",
    "تقرير",
    "راي",
    "حوار",
    "بيان",
    "انفوجراف",
    "تحليل",
    "مقال",
    "تحقيق",
    "متابعه",
    "مسؤول",
    "مسوول",
    "مصدر",
    "مصادر",
    "وزير",
    "الوزير",
    "رئيس",
    "الرئيس",
    "متحدث",
    "المتحدث",
    "خبير",
    "خبراء",
    "محلل",
    "مراسل",
    "مراسلنا",
    "نائب",
    "مدير",
    "سفير",
    "قائد",
    "مواطن",
    "مواطنون",
    "الكاتب",
    "كاتب",
    "breaking",
    "video",
    "exclusive",
    "update",
];

/// Whether a dateline's "city" is a headline's or a label's first word.
pub(crate) fn is_not_a_place(city: &str) -> bool {
    let k = crate::arabic::normalize::key(city);
    k.split(' ')
        .next()
        .is_some_and(|first| NOT_PLACES.contains(&first))
}

/// Words of outlets' names (keys): «هوية بريس», «الوطن نيوز», «مصر 24».
const OUTLET_WORDS: &[&str] = &[
    "بريس",
    "نيوز",
    "تايمز",
    "برس",
    "الاخباري",
    "الاخباريه",
    "نت",
    "اونلاين",
    "تي في",
    "tv",
    "news",
    "press",
    "موقع",
    "جريده",
    "صحيفه",
    "وكاله",
    "قناه",
    "شبكه",
    "24",
    "360",
];

/// Whether a dateline's "city" is the outlet's name: the file's source, or
/// a name made of outlet words. Its prefix is kept as written; it is no city.
pub(crate) fn is_outlet(city: &str, source: Option<&str>) -> bool {
    let k = crate::arabic::normalize::key(city);
    source.is_some_and(|s| crate::arabic::normalize::key(s) == k)
        || k.split(' ').any(|w| OUTLET_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(p: &str) -> Option<&str> {
        split(p).map(|d| d.city)
    }

    #[test]
    fn the_five_styles() {
        assert_eq!(city("دمشق- كشف وزير الإعلام"), Some("دمشق"));
        assert_eq!(city("بيروت - قال"), Some("بيروت"));
        assert_eq!(
            city("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت وزارة"),
            Some("دبي")
        );
        assert_eq!(city("القاهرة (أ ف ب) - أعلن"), Some("القاهرة"));
        assert_eq!(city("الرباط: أعلن"), Some("الرباط"));
        assert_eq!(city("الدار البيضاء- أعلن"), Some("الدار البيضاء"));
    }

    #[test]
    fn prefix_and_rest() {
        let d = split("دمشق- كشف وزير").unwrap_or_else(|| panic!("dateline expected"));
        assert_eq!(d.prefix, "دمشق- ");
        assert_eq!(d.rest, "كشف وزير");
    }

    #[test]
    fn ordinary_sentences_have_none() {
        assert_eq!(city("وقال الوزير في بيان رسمي: إن"), None);
        assert_eq!(city("قال \"المصدر\" - إن"), None);
        assert_eq!(city("في عام 2014- بدأ"), None);
        assert_eq!(city("أعلنت الحكومة اليوم أن الاتفاق سيوقع"), None);
        assert_eq!(city("دمشق-"), None);
    }

    #[test]
    fn headline_prefixes_and_outlets_are_no_places() {
        assert!(is_not_a_place("بالفيديو"));
        assert!(is_not_a_place("مسؤول سوداني"));
        assert!(!is_not_a_place("الخرطوم"));
        assert!(is_outlet("هوية بريس", None));
        assert!(is_outlet("وطن", Some("وطن")));
        assert!(!is_outlet("بيروت", Some("وطن")));
    }
}
