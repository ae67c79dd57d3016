//! Page debris in raw text: what a scraper carries over from a news page
//! besides the story — menus and breadcrumbs, share rows, mastheads,
//! credits, sidebar teasers, comment forms, captions, clocks — told from
//! the story line by line.
//!
//! Three kinds of evidence, after jusText and trafilatura: the sites'
//! own interface words (matched by key, on short lines only: a sentence
//! that mentions «التعليقات» is a sentence), the shape of a line (a real
//! paragraph is a sentence: several words, Arabic function words — في، من،
//! على، أن، التي —, or a full stop; menus and labels have none), and its
//! place (before the first sentence or after the last, only sentences are
//! story; under a comment form, nothing is). A fourth, repetition across
//! the files of one source, is counted by the pipeline and passed in as
//! [`Recurring`] line hashes. Body paragraphs are never dropped for being
//! short when they are sentences.

use std::hash::BuildHasher;

use std::sync::LazyLock;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::arabic::normalize::key;

/// Hashes of lines that recur across the files of one source (see
/// [`line_hash`]): the site's furniture.
pub(crate) type Recurring = FxHashSet<u64>;

/// Why a line is not part of the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reason {
    /// Menus, breadcrumbs, section labels, the site's interface words.
    Menu,
    /// Share rows, plugin and scraper lines, advertisement slots.
    Share,
    /// The outlet's or agency's credit standing alone («هوا الأردن -»).
    Credit,
    /// The masthead's staff and rights block.
    Masthead,
    /// Sidebar teasers: a «آخر المقالات» header and the cut headlines under it.
    Teaser,
    /// The comment form and readers' comments.
    Comments,
    /// A photo caption standing alone between paragraphs.
    Caption,
    /// A date or clock line inside the body.
    DateStamp,
    /// The headline again, as the first line of the body.
    Headline,
    /// A «read more» link.
    ReadMore,
    /// A line found in many files of the same source.
    Repeated,
    /// A related-stories header with no titles under it.
    EmptyRelated,
}

impl Reason {
    /// The name in the report's data and messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Reason::Menu => "menu",
            Reason::Share => "share",
            Reason::Credit => "credit",
            Reason::Masthead => "masthead",
            Reason::Teaser => "teaser",
            Reason::Comments => "comments",
            Reason::Caption => "caption",
            Reason::DateStamp => "date",
            Reason::Headline => "headline",
            Reason::ReadMore => "read_more",
            Reason::Repeated => "repeated",
            Reason::EmptyRelated => "empty_related",
        }
    }
}

/// A line is "short" below this many words: interface strings are only
/// looked for in short lines, and only short lines are counted for
/// repetition.
pub(crate) const SHORT_WORDS: usize = 20;

/// The hash a line is counted by across files (as written, trimmed).
pub(crate) fn line_hash(line: &str) -> u64 {
    FxBuildHasher.hash_one(line.trim())
}

/// A paragraph: more than [`SHORT_WORDS`] words. Told by length alone for
/// most (no word of Arabic runs past 25 bytes; a longer line taken for a
/// paragraph is kept: the safe way to be wrong), then by spaces counted
/// without decoding a character (a run of spaces counts more than once: a
/// paragraph has plenty).
pub(crate) fn is_long(text: &str) -> bool {
    text.len() > SHORT_WORDS * 26 || spaces(text.as_bytes()) >= SHORT_WORDS
}

/// The spaces in `bytes`, eight bytes at a time: every line of every raw
/// file is measured, and most are paragraphs.
fn spaces(bytes: &[u8]) -> usize {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Spaces become zero bytes; a byte's high bit is then set exactly
        // when it is zero.
        let v = u64::from_le_bytes(word) ^ 0x2020_2020_2020_2020;
        let zero = !(((v & LOW) + LOW) | v | LOW);
        // One bit a space, summed by a multiply (no popcount in baseline x86-64).
        count += (((zero >> 7).wrapping_mul(0x0101_0101_0101_0101)) >> 56) as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| b == b' ').count()
}

/// The headline again, alone or with the site's name after it («… |
/// بوابة النيل») or a label before it («عاجل: …»).
fn is_headline(k: &str, title_key: &str) -> bool {
    if title_key.is_empty() || k.len() < title_key.len() {
        return false;
    }
    // A few words around a headline of several: a body line that merely
    // begins with a short title's words is no headline.
    let framed = title_key.matches(' ').count() >= 3;
    let short = |rest: &str| rest.len() < 40;
    k == title_key
        || framed
            && (k
                .strip_prefix(title_key)
                .is_some_and(|rest| rest.starts_with(' ') && short(rest))
                || k.strip_suffix(title_key)
                    .is_some_and(|rest| rest.ends_with(' ') && short(rest)))
}

/// What a line says about the block it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opens {
    Nothing,
    /// A comment form: the rest of the body is comments.
    Comments,
    /// A teaser block: the headline-like lines after it are teasers.
    Teasers,
}

/// A short line (at most [`SHORT_WORDS`] words) with what is known of
/// it: its key and what the tables find in it, made once. Longer lines are
/// paragraphs: none of the tests below applies to them.
pub(crate) struct Short<'a> {
    pub text: &'a str,
    words: usize,
    key: String,
    scan: Scan,
}

impl<'a> Short<'a> {
    pub(crate) fn of(text: &'a str) -> Option<Short<'a>> {
        if is_long(text) {
            return None;
        }
        let spaces = spaces(text.as_bytes());
        // Lines come trimmed: a word more than spaces (near enough for the
        // thresholds below when a space is doubled).
        let words = spaces + 1;
        let key = key(text);
        let scan = scan(&key);
        Some(Short {
            text,
            words,
            key,
            scan,
        })
    }

    /// Its words (near enough: spaces and one).
    pub(crate) fn words(&self) -> usize {
        self.words
    }

    /// Its key, made once, for whoever needs it next.
    pub(crate) fn into_key(self) -> String {
        self.key
    }

    /// A sentence of the story: enough words, with Arabic function words
    /// or a full stop. Menus, labels and headlines fail.
    pub(crate) fn is_sentence(&self) -> bool {
        let stop = ends_sentence(self.text.trim());
        let functions = self.scan.functions;
        (self.words >= 5 && (functions >= 1 || stop)) || (self.words >= 3 && stop && functions >= 1)
    }

    /// Whether it may be dropped for recurring across a source's files: no
    /// sentence (a stock sentence many stories share, or a placeholder
    /// body, is still the story's).
    pub(crate) fn could_recur(&self) -> bool {
        !ends_sentence(self.text.trim()) && !self.is_sentence()
    }

    /// One more teaser under a teaser header: a headline (no full stop, a
    /// dozen words or so) or a line cut short.
    pub(crate) fn is_teaser(&self) -> bool {
        self.words <= TEASER_WORDS && (!ends_sentence(self.text.trim()) || is_cut(self.text))
    }
}

/// The reason a short line is debris by what it says (interface words,
/// share rows, credits …), and what block it opens; `None` for a line that
/// may be story. `title_key` is the headline's key.
pub(crate) fn by_content(line: &Short, title_key: &str) -> Option<(Reason, Opens)> {
    let (text, k) = (line.text, line.key.as_str());
    // A clip or post of a known provider is the story's: an embed.
    if super::embed::is_provider_line(text) {
        return None;
    }
    if k.is_empty() {
        // Only punctuation or symbols: a separator row.
        return Some((Reason::Menu, Opens::Nothing));
    }
    if is_headline(k, title_key) {
        return Some((Reason::Headline, Opens::Nothing));
    }
    if is_scraper_line(text, k) {
        return Some((Reason::Share, Opens::Nothing));
    }
    if let Some(found) = known(line) {
        return Some(found);
    }
    if line.scan.networks >= 2 {
        // Two network names or more: a row of share buttons.
        return Some((Reason::Share, Opens::Nothing));
    }
    if is_credit(text, k, line.words) {
        return Some((Reason::Credit, Opens::Nothing));
    }
    if is_caption(line) {
        return Some((Reason::Caption, Opens::Nothing));
    }
    if is_menu(line) {
        return Some((Reason::Menu, Opens::Nothing));
    }
    None
}

/// Interface strings of Arabic news sites (as keys). A line whose key
/// *is* one of `WHOLE` or *contains* one of `PART` is debris of that kind.
const WHOLE: &[(&str, Reason, Opens)] = &[
    ("الرئيسيه", Reason::Menu, Opens::Nothing),
    ("الصفحه الرئيسيه", Reason::Menu, Opens::Nothing),
    ("home", Reason::Menu, Opens::Nothing),
    ("القائمه", Reason::Menu, Opens::Nothing),
    ("menu", Reason::Menu, Opens::Nothing),
    ("بحث", Reason::Menu, Opens::Nothing),
    ("search", Reason::Menu, Opens::Nothing),
    ("طباعه", Reason::Share, Opens::Nothing),
    ("print", Reason::Share, Opens::Nothing),
    ("share", Reason::Share, Opens::Nothing),
    ("tweet", Reason::Share, Opens::Nothing),
    ("شارك", Reason::Share, Opens::Nothing),
    ("مشاركه", Reason::Share, Opens::Nothing),
    ("اعلان", Reason::Share, Opens::Nothing),
    ("advertisement", Reason::Share, Opens::Nothing),
    ("المزيد", Reason::ReadMore, Opens::Nothing),
    ("اقرا المزيد", Reason::ReadMore, Opens::Nothing),
    ("اقرا التفاصيل", Reason::ReadMore, Opens::Nothing),
    ("التفاصيل", Reason::ReadMore, Opens::Nothing),
    ("read more", Reason::ReadMore, Opens::Nothing),
    ("continue reading", Reason::ReadMore, Opens::Nothing),
    ("اضغط هنا", Reason::ReadMore, Opens::Nothing),
    ("للمزيد اضغط هنا", Reason::ReadMore, Opens::Nothing),
    ("التعليقات", Reason::Comments, Opens::Comments),
    ("تعليقات", Reason::Comments, Opens::Comments),
    ("comments", Reason::Comments, Opens::Comments),
    ("leave a reply", Reason::Comments, Opens::Comments),
    ("رد", Reason::Comments, Opens::Nothing),
    ("وكالات", Reason::Credit, Opens::Nothing),
    ("متابعات", Reason::Credit, Opens::Nothing),
    ("انتهي", Reason::Credit, Opens::Nothing),
    ("جار التحميل", Reason::Menu, Opens::Nothing),
    ("loading", Reason::Menu, Opens::Nothing),
    ("فيديو", Reason::Share, Opens::Nothing),
    ("شاهد الفيديو", Reason::Share, Opens::Nothing),
    ("الصور", Reason::Share, Opens::Nothing),
];

const PART: &[(&str, Reason, Opens)] = &[
    ("no result", Reason::Menu, Opens::Nothing),
    ("view all result", Reason::Menu, Opens::Nothing),
    ("skip to content", Reason::Menu, Opens::Nothing),
    ("حجم الخط", Reason::Menu, Opens::Nothing),
    ("تكبير الخط", Reason::Menu, Opens::Nothing),
    ("تصغير الخط", Reason::Menu, Opens::Nothing),
    ("الذهاب الي الاعلي", Reason::Menu, Opens::Nothing),
    ("العوده الي الاعلي", Reason::Menu, Opens::Nothing),
    ("العوده للاعلي", Reason::Menu, Opens::Nothing),
    ("تسجيل الدخول", Reason::Menu, Opens::Nothing),
    ("الساعه الان", Reason::Menu, Opens::Nothing),
    ("اشترك في النشره", Reason::Menu, Opens::Nothing),
    ("اشترك الان", Reason::Menu, Opens::Nothing),
    ("اشترك في نشرتنا", Reason::Menu, Opens::Nothing),
    ("النشره البريديه", Reason::Menu, Opens::Nothing),
    ("تابعنا علي", Reason::Share, Opens::Nothing),
    ("اضغط هنا", Reason::ReadMore, Opens::Nothing),
    ("pic twitter com", Reason::Share, Opens::Nothing),
    ("نسخ الرابط", Reason::Share, Opens::Nothing),
    ("رابط مختصر", Reason::Share, Opens::Nothing),
    ("اضافه اعلان", Reason::Share, Opens::Nothing),
    ("مساحه اعلانيه", Reason::Share, Opens::Nothing),
    ("شارك هذا", Reason::Share, Opens::Nothing),
    ("شارك عبر", Reason::Share, Opens::Nothing),
    ("appeared first on", Reason::Share, Opens::Nothing),
    ("رئيس التحرير", Reason::Masthead, Opens::Nothing),
    ("رئيس مجلس الاداره", Reason::Masthead, Opens::Nothing),
    ("الاشراف العام", Reason::Masthead, Opens::Nothing),
    ("مدير التحرير", Reason::Masthead, Opens::Nothing),
    ("سكرتير التحرير", Reason::Masthead, Opens::Nothing),
    ("جميع الحقوق محفوظه", Reason::Masthead, Opens::Nothing),
    ("حقوق النشر محفوظه", Reason::Masthead, Opens::Nothing),
    ("all rights reserved", Reason::Masthead, Opens::Nothing),
    ("لن يتم نشر عنوان بريدك", Reason::Comments, Opens::Comments),
    ("الحقول الالزاميه", Reason::Comments, Opens::Comments),
    ("اترك تعليقا", Reason::Comments, Opens::Comments),
    ("اترك تعليق", Reason::Comments, Opens::Comments),
    ("اترك ردا", Reason::Comments, Opens::Comments),
    ("اضف تعليق", Reason::Comments, Opens::Comments),
    ("اكتب تعليقك", Reason::Comments, Opens::Comments),
    ("ارسال التعليق", Reason::Comments, Opens::Comments),
    ("عدد التعليقات", Reason::Comments, Opens::Comments),
    ("التعليقات المنشوره", Reason::Comments, Opens::Comments),
    ("حفظ اسمي", Reason::Comments, Opens::Comments),
    ("تعليقات القراء", Reason::Comments, Opens::Comments),
    ("اراء القراء", Reason::Comments, Opens::Comments),
    ("اضف تعليقا", Reason::Comments, Opens::Comments),
    (
        "your email address will not be published",
        Reason::Comments,
        Opens::Comments,
    ),
];

/// Teaser block headers, as the line's first words.
const TEASER_HEADERS: &[&str] = &[
    "اخر المقالات",
    "احدث المقالات",
    "اخر الاخبار",
    "احدث الاخبار",
    "المزيد من",
    "اخترنا لك",
    "قد يهمك",
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "الاكثر تداولا",
    "من نفس القسم",
    "اخبار اخري",
    "مقالات اخري",
    "تابع ايضا",
    "لا تفوتك",
    "most read",
    "latest news",
    "recent posts",
];

fn known(line: &Short) -> Option<(Reason, Opens)> {
    let k = line.key.as_str();
    if let Some(&(_, reason, opens)) = WHOLE.iter().find(|(w, ..)| *w == k) {
        return Some((reason, opens));
    }
    if let Some((reason, opens)) = line.scan.part {
        // Staff titles and interface words inside a sentence are the
        // story's («وقال رئيس التحرير السابق …»); a masthead is a list.
        let listed = line.text.contains(['/', '|', '•', '-', '–']);
        let strict = matches!(reason, Reason::Masthead | Reason::Menu);
        if !strict || listed || !line.is_sentence() {
            return Some((reason, opens));
        }
    }
    if heads_teasers(k, line.words) {
        return Some((Reason::Teaser, Opens::Teasers));
    }
    None
}

/// What the tables find in a line's key.
#[derive(Debug, Default, Clone, Copy)]
struct Scan {
    /// The first interface phrase found.
    part: Option<(Reason, Opens)>,
    networks: usize,
    caption_word: bool,
    functions: usize,
    scene_word: bool,
}

/// What a phrase of the tables means.
#[derive(Debug, Clone, Copy)]
enum Hit {
    Part(Reason, Opens),
    Network,
    Caption,
    Function,
    Scene,
}

/// Every phrase of the tables, by its first word, with the words after
/// it: a line's key is read once, word by word, rather than searched once
/// for each phrase.
type Lexicon = FxHashMap<&'static str, Vec<(Vec<&'static str>, Hit)>>;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    let mut add = |phrase: &'static str, hit: Hit| {
        let mut words = phrase.split(' ');
        let first = words.next().unwrap_or_default();
        lexicon
            .entry(first)
            .or_default()
            .push((words.collect(), hit));
    };
    for &(phrase, reason, opens) in PART {
        add(phrase, Hit::Part(reason, opens));
    }
    for &phrase in NETWORKS {
        add(phrase, Hit::Network);
    }
    for &phrase in CAPTION_WORDS {
        add(phrase, Hit::Caption);
    }
    for &word in FUNCTION_WORDS {
        add(word, Hit::Function);
    }
    for &word in SCENE_WORDS {
        add(word, Hit::Scene);
    }
    lexicon
});

fn scan(k: &str) -> Scan {
    // Split on the byte: `str::split(' ')` sets up a searcher per word.
    let mut start = 0;
    let ends = memchr::memchr_iter(b' ', k.as_bytes()).chain(std::iter::once(k.len()));
    let words: Vec<&str> = ends
        .map(|end| {
            // Between ASCII spaces: character boundaries.
            let word = &k[start..end];
            start = end + 1;
            word
        })
        .collect();
    let mut scan = Scan::default();
    for (i, word) in words.iter().enumerate() {
        // «وقال»، «وأضاف»، «والتقى»: a word led by the conjunction و joins
        // clauses, as menus never do.
        if word.len() >= 8 && word.starts_with('و') {
            scan.functions += 1;
        }
        let Some(phrases) = LEXICON.get(word) else {
            continue;
        };
        for (rest, hit) in phrases {
            if !words[i + 1..].starts_with(rest) {
                continue;
            }
            match *hit {
                Hit::Part(reason, opens) => {
                    scan.part.get_or_insert((reason, opens));
                }
                Hit::Network => scan.networks += 1,
                Hit::Caption => scan.caption_word = true,
                Hit::Function => scan.functions += 1,
                Hit::Scene => scan.scene_word = true,
            }
        }
    }
    scan
}

/// Whether `k` holds `part` as whole words.
fn contains_words(k: &str, part: &str) -> bool {
    k.match_indices(part).any(|(at, _)| {
        let before = at == 0 || k.as_bytes()[at - 1] == b' ';
        let end = at + part.len();
        let after = end == k.len() || k.as_bytes()[end] == b' ';
        before && after
    })
}

fn starts_with_words(k: &str, head: &str) -> bool {
    k.starts_with(head) && k[head.len()..].chars().next().is_none_or(|c| c == ' ')
}

/// Social networks as share rows name them (keys).
const NETWORKS: &[&str] = &[
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "لينكدين",
    "لينكد ان",
    "واتساب",
    "واتس اب",
    "تلغرام",
    "تيليجرام",
    "تليجرام",
    "انستغرام",
    "انستجرام",
    "يوتيوب",
    "ماسنجر",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "whats app",
    "telegram",
    "pinterest",
    "pin interest",
    "reddit",
    "tumblr",
    "messenger",
    "email",
    "print",
    "x",
];

/// A bare address, an image id (GUID or long hex), «The post … appeared
/// first on …».
fn is_scraper_line(line: &str, k: &str) -> bool {
    let line = line.trim();
    if line.starts_with("http://") || line.starts_with("https://") || line.starts_with("www.") {
        return !line.contains(' ');
    }
    // Ids are ASCII: an Arabic line is never one, and is not decoded here.
    if !line.is_ascii() {
        return k.starts_with("the post ") && k.contains("appeared first on");
    }
    let token = line.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let hexish = token.len() >= 16
        && !token.contains(' ')
        && token
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '-' || c == '_')
        && token.chars().any(|c| c.is_ascii_digit());
    hexish || (k.starts_with("the post ") && k.contains("appeared first on"))
}

/// Agencies and outlets whose name alone on a line is a credit.
const AGENCIES: &[&str] = &[
    "رويترز",
    "ا ف ب",
    "اف ب",
    "الاناضول",
    "سانا",
    "واس",
    "قنا",
    "وام",
    "بترا",
    "كونا",
    "ونا",
    "بنا",
    "واج",
    "ومع",
    "سونا",
    "وفا",
    "معا",
    "د ب ا",
    "ا ش ا",
    "ي ب ا",
    "afp",
    "reuters",
    "ap",
];

/// «هوا الأردن -», «(رويترز)», «المصدر - وكالات»: a few words ending in a
/// dash or colon with nothing after, or an agency's name alone.
fn is_credit(line: &str, k: &str, words: usize) -> bool {
    let trimmed = line.trim();
    let dangling = trimmed.ends_with(['-', '–', '—', ':']) && words <= 4;
    dangling || AGENCIES.contains(&k)
}

/// Words of photo captions and credits (keys).
const CAPTION_WORDS: &[&str] = &[
    "صوره",
    "الصوره",
    "صور",
    "ارشيفيه",
    "ارشيف",
    "تصوير",
    "getty",
    "afp",
    "رويترز",
    "ا ف ب",
    "الاناضول",
];

/// A short line that names a photo and does not end a sentence:
/// «وزير الخارجية خلال المؤتمر (رويترز)», «صورة أرشيفية».
fn is_caption(line: &Short) -> bool {
    let trimmed = line.text.trim();
    if ends_sentence(trimmed) || line.words > 16 {
        return false;
    }
    let k = line.key.as_str();
    let bracketed_credit = trimmed.ends_with(')') && {
        let inner = trimmed
            .rsplit_once('(')
            .map_or("", |(_, c)| c.trim_end_matches(')'));
        let inner = key(inner);
        CAPTION_WORDS.iter().any(|w| contains_words(&inner, w))
    };
    // «جانب من الاجتماع»: the commonest caption of all.
    let side_of = starts_with_words(k, "جانب من") && line.words <= 8;
    bracketed_credit || side_of || line.scan.caption_word && line.scan.functions == 0
}

/// Words of a caption describing the scene («الوزير خلال جولته …»).
const SCENE_WORDS: &[&str] = &[
    "خلال",
    "اثناء",
    "لدي",
    "يتوسط",
    "يصافح",
    "تصافح",
    "يتحدث",
    "متحدثا",
    "يلقي",
    "يستقبل",
];

/// A caption without a photo word, told by its place: a short line with
/// no full stop between two paragraphs that end with one (or first, above
/// one: the lead picture's), describing a scene («وزير الصحة خلال جولته
/// في المركز»). A crosshead names a topic.
pub(crate) fn is_scene_caption(line: &str, before: Option<&str>, after: &str) -> bool {
    // The cheap tests first: most paragraphs end with a full stop.
    !ends_sentence(line.trim())
        && before.is_none_or(|b| ends_sentence(b.trim()))
        && ends_sentence(after.trim())
        && Short::of(line).is_some_and(|l| (4..=16).contains(&l.words) && l.scan.scene_word)
}

/// A bullet or breadcrumb row («• الرئيسية», «الرئيسية › سياسة»). (A lone
/// label such as «Home محليات» or «اقتصاد» is told by its place: above
/// the story's first sentence.)
fn is_menu(line: &Short) -> bool {
    let (text, words) = (line.text, line.words);
    if text.trim_start().starts_with(['•', '›', '·', '|']) && words <= 6 {
        return true;
    }
    // A breadcrumb row has no function word: most short lines do.
    if words > 12 || line.scan.functions > 0 {
        return false;
    }
    // Every separator is ASCII or starts with one of two lead bytes (•›
    // E2, »«· C2): most lines have none.
    if !text
        .bytes()
        .any(|b| matches!(b, b'|' | b'/' | b'>' | b'-' | b':' | 0xE2 | 0xC2))
    {
        return false;
    }
    // Separators standing between words: «/» inside `</b>` is none.
    let separators = text
        .split_whitespace()
        .filter(|t| {
            matches!(
                *t,
                "•" | "›" | "»" | "|" | "/" | "·" | ">" | "-" | "«" | "::"
            )
        })
        .count();
    separators >= 2
}

/// Arabic function words (keys): real sentences are full of them.
const FUNCTION_WORDS: &[&str] = &[
    "في",
    "من",
    "علي",
    "الي",
    "ان",
    "عن",
    "مع",
    "التي",
    "الذي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "كان",
    "كانت",
    "قد",
    "لقد",
    "بعد",
    "قبل",
    "حيث",
    "او",
    "ثم",
    "منذ",
    "خلال",
    "بين",
    "حتي",
    "عند",
    "لدي",
    "كل",
    "غير",
    "ضد",
    "نحو",
    "وفق",
    "لكن",
    "اذا",
    "لم",
    "لن",
    "ما",
    "لا",
    "هو",
    "هي",
    "هم",
    "انه",
    "انها",
    "اليوم",
    "امس",
    "كما",
    "وفي",
    "ومن",
    "وعلي",
    "الا",
    "اي",
    "عبر",
    "لدي",
    "بان",
    "بانه",
    "الا",
    "فيما",
    "بينما",
    "اما",
];

/// Ends with a full stop, question or exclamation mark (quotes aside),
/// not an ellipsis.
pub(crate) fn ends_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '»', '”', ')', ' ', '\'']);
    end.ends_with(['.', '۔', '!', '?', '؟']) && !end.ends_with("...")
}

/// A line cut short: «…», «...», or a trailing preposition («… مع»).
pub(crate) fn is_cut(line: &str) -> bool {
    let end = line.trim_end();
    if end.ends_with('…') || end.ends_with("...") {
        return true;
    }
    let last = end.rsplit(' ').next().map(key).unwrap_or_default();
    matches!(
        last.as_str(),
        "في" | "من" | "علي" | "الي" | "عن" | "مع" | "ان" | "و"
    )
}

/// Whether a line reads as a sentence of the story: enough words, with
/// Arabic function words or a full stop. Menus, labels and headlines fail.
/// A paragraph is one; a short line, when [`Short::is_sentence`].
pub(crate) fn is_sentence(line: &str) -> bool {
    Short::of(line).is_none_or(|l| l.is_sentence())
}

/// Headlines run to about a dozen words; a longer line is a paragraph.
const TEASER_WORDS: usize = 14;

/// Whether a line (furniture or not) heads a list of teasers.
pub(crate) fn is_teaser_header(line: &str) -> bool {
    heads_teasers(&key(line), line.split_whitespace().count())
}

/// A header, not a sentence that begins the same way: a few words led by
/// one of [`TEASER_HEADERS`] (`k` the line's key).
fn heads_teasers(k: &str, words: usize) -> bool {
    words <= 8 && TEASER_HEADERS.iter().any(|h| starts_with_words(k, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<Reason> {
        let title = key("وزير الخارجية يزور دمشق اليوم");
        Short::of(line).and_then(|l| by_content(&l, &title).map(|(r, _)| r))
    }

    #[test]
    fn interface_lines_and_why() {
        for (line, why) in [
            ("• الرئيسية", Reason::Menu),
            ("No Result", Reason::Menu),
            ("View All Result", Reason::Menu),
            ("الرئيسية › أخبار › سياسة", Reason::Menu),
            ("18 حجم الخط", Reason::Menu),
            ("زر الذهاب إلى الأعلى", Reason::Menu),
            ("فيسبوك تويتر لينكدين Pin Interest Whats App", Reason::Share),
            ("Share", Reason::Share),
            ("اضافة اعلان", Reason::Share),
            ("3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", Reason::Share),
            (
                "The post وزير يزور المدينة appeared first on موقع الخبر.",
                Reason::Share,
            ),
            ("هوا الأردن -", Reason::Credit),
            ("(رويترز)", Reason::Credit),
            (
                "الإشراف العام / سامي يوسف / رئيس التحرير / هالة منير",
                Reason::Masthead,
            ),
            (
                "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
                Reason::Comments,
            ),
            ("صورة أرشيفية", Reason::Caption),
            ("جانب من الاجتماع", Reason::Caption),
            ("صورة تعبيرية", Reason::Caption),
            ("الساعة الآن 10:45", Reason::Menu),
            ("الوزير خلال الاجتماع (رويترز)", Reason::Caption),
            ("إقرأ المزيد", Reason::ReadMore),
            ("اضغط هنا للاشتراك في القناة", Reason::ReadMore),
            ("اشترك في نشرتنا البريدية", Reason::Menu),
            ("تابعنا على فيسبوك", Reason::Share),
            ("— سامي (@sami) pic.twitter.com/abc123", Reason::Share),
            ("جار التحميل...", Reason::Menu),
            ("آخر المقالات من الكاتب", Reason::Teaser),
            ("وزير الخارجية يزور دمشق اليوم", Reason::Headline),
            (
                "وزير الخارجية يزور دمشق اليوم | بوابة النيل",
                Reason::Headline,
            ),
            ("عاجل: وزير الخارجية يزور دمشق اليوم", Reason::Headline),
        ] {
            assert_eq!(reason(line), Some(why), "{line}");
        }
    }

    #[test]
    fn story_lines_are_left_alone() {
        for line in [
            "القاهرة (أ ف ب) - أعلن الوزير أن الاتفاق سيوقع في الأسبوع المقبل.",
            "وقال رئيس التحرير السابق للصحيفة إن الحكومة لم تبلغه بأي قرار في هذا الشأن قبل نشر التقرير بأيام.",
            "وأضاف أن التعليقات على القرار كانت إيجابية.",
            "تفاصيل الاتفاق",
            "الخطة تشمل المدارس.",
            "أعلنت الوزارة عن إعلان جديد للمناقصة.",
        ] {
            assert_eq!(reason(line), None, "{line}");
        }
    }

    #[test]
    fn a_scene_between_two_sentences_is_a_caption() {
        let (before, after) = ("قال الوزير إن المركز جاهز.", "ويضم المركز عيادات.");
        let scene = "وزير الصحة خلال جولته في المركز";
        assert!(is_scene_caption(scene, Some(before), after));
        assert!(is_scene_caption(scene, None, after), "the lead picture's");
        // A crosshead names a topic; a paragraph without stops is a paragraph.
        let crosshead = "تفاصيل الخطة الجديدة للمركز";
        assert!(!is_scene_caption(crosshead, Some(before), after));
        assert!(!is_scene_caption(scene, Some("قال الوزير"), after));
    }

    #[test]
    fn spaces_are_counted_in_any_length() {
        for text in ["", " ", "a b", "كلمة كلمة كلمة", &"كلمة و ".repeat(37)] {
            let naive = text.bytes().filter(|&b| b == b' ').count();
            assert_eq!(spaces(text.as_bytes()), naive, "{text}");
        }
    }

    #[test]
    fn sentences_are_sentences_however_short() {
        assert!(is_sentence("وصل الوزير إلى بيروت."));
        assert!(is_sentence("قال الوزير إن الاتفاق نهائي"));
        assert!(!is_sentence("سياسة"));
        assert!(!is_sentence("أخبار محلية اقتصاد رياضة"));
        assert!(is_cut("وزير الخارجية يبحث مع نظيره التركي سبل التعاون في"));
        assert!(is_cut("وزير الخارجية يبحث مع نظيره…"));
        assert!(!is_cut("وصل الوزير إلى بيروت."));
    }
}
