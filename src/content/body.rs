//! An article's body, and how a large archive holds its bodies.
//!
//! Bodies are most of what a large archive keeps in memory between parsing
//! and rendering (at 100,000 generated articles about 380 MB of HTML, half
//! the build's peak), and each is read only two or three times: by the
//! search index, by its page and by full-text feeds. Once an archive's
//! bodies pass [`PACK_FROM`] bytes they are packed with LZ4 (`lz4_flex`,
//! pure Rust), which holds Arabic news HTML in about 60% of its size at
//! several hundred MB/s and gives it back at GB/s; a smaller site keeps
//! them as they are and pays nothing.

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Total body bytes from which a build packs bodies ([`Packer`]): below it, bodies are a
/// small part of a build's memory and packing would only cost time.
pub(crate) const PACK_FROM: usize = 64 << 20;

/// Sanitised HTML, held as it is or LZ4-packed. Equality and hashing are of
/// the HTML, however it is held (hashing through a digest made once, so
/// that fingerprinting a packed body does not unpack it).
#[derive(Clone)]
pub struct Body {
    held: Held,
    digest: u64,
    /// Words of text (outside tags), counted once up to [`WORDS_COUNTED`]:
    /// the editorial report's short-body check reads it without unpacking.
    words: u32,
}

#[derive(Clone)]
enum Held {
    Plain(Box<str>),
    /// `lz4_flex::compress_prepend_size` of the HTML.
    Packed(Box<[u8]>),
}

impl Body {
    pub fn new(html: impl Into<Box<str>>) -> Self {
        let html = html.into();
        Body {
            digest: rustc_hash::FxBuildHasher.hash_one(&*html),
            // Past the limit, a text run may have added a few more.
            words: count_words(&html).min(WORDS_COUNTED as u32),
            held: Held::Plain(html),
        }
    }

    /// How many words of text the body has (tags not counted), up to
    /// [`WORDS_COUNTED`]: a longer body says that many.
    pub fn words(&self) -> usize {
        self.words as usize
    }

    /// The HTML (unpacked when packed).
    pub fn html(&self) -> Cow<'_, str> {
        match &self.held {
            Held::Plain(html) => Cow::Borrowed(html),
            // Only `pack` makes these bytes, from a `str`: unpacking them
            // fails only on memory corruption, which an empty body survives.
            // simdutf8 checks the text several times faster than `std`.
            Held::Packed(bytes) => Cow::Owned(
                lz4_flex::decompress_size_prepended(bytes)
                    .ok()
                    .and_then(|bytes| simdutf8::basic::from_utf8(&bytes).ok().map(str::to_owned))
                    .unwrap_or_default(),
            ),
        }
    }

    /// Holds the body packed from now on.
    pub fn pack(&mut self) {
        if let Held::Plain(html) = &self.held {
            let packed = lz4_flex::compress_prepend_size(html.as_bytes());
            self.held = Held::Packed(packed.into_boxed_slice());
        }
    }

    /// The HTML's length in bytes.
    pub fn len(&self) -> usize {
        match &self.held {
            Held::Plain(html) => html.len(),
            // The size `compress_prepend_size` wrote first (little-endian).
            Held::Packed(bytes) => bytes
                .get(..4)
                .and_then(|b| b.try_into().ok())
                .map_or(0, |b| u32::from_le_bytes(b) as usize),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What it costs in memory, in bytes.
    pub fn held_len(&self) -> usize {
        match &self.held {
            Held::Plain(html) => html.len(),
            Held::Packed(bytes) => bytes.len(),
        }
    }
}

/// Packs an archive's bodies once together they reach `from` bytes
/// ([`PACK_FROM`] for a build): each body as it is parsed once the total
/// has passed, the ones parsed before at the end — so a large archive's
/// plain bodies are never all in memory at once.
pub(crate) struct Packer {
    from: usize,
    seen: AtomicUsize,
}

impl Packer {
    pub(crate) fn new(from: usize) -> Self {
        Packer {
            from,
            seen: AtomicUsize::new(0),
        }
    }

    /// Counts a body just parsed, packing it when the total has passed.
    pub(crate) fn add(&self, body: &mut Body) {
        let before = self.seen.fetch_add(body.len(), Ordering::Relaxed);
        if before + body.len() >= self.from {
            body.pack();
        }
    }

    /// Packs (in parallel) the bodies counted before the total passed, if
    /// it did; returns whether it did.
    pub(crate) fn finish<'a>(&self, bodies: impl Iterator<Item = &'a mut Body>) -> bool {
        use rayon::prelude::*;
        if self.seen.load(Ordering::Relaxed) < self.from {
            return false;
        }
        let mut bodies: Vec<&mut Body> = bodies.collect();
        bodies.par_iter_mut().for_each(|b| b.pack());
        true
    }
}

/// Words are counted up to this many: enough to tell a short body (the
/// editorial report's line is 30), and a body's count stops within its
/// first paragraph instead of reading every byte of it.
pub(crate) const WORDS_COUNTED: usize = 64;

/// Words in `html`'s text, up to about [`WORDS_COUNTED`]: runs of non-space
/// characters outside tags. Every tag ends a word: `</p><p>` must, and
/// counting `<b>x</b>y` as two words is close enough.
fn count_words(html: &str) -> u32 {
    let html = html.as_bytes();
    let mut words = 0u32;
    let mut at = 0;
    while at < html.len() && (words as usize) < WORDS_COUNTED {
        let text_end = memchr::memchr(b'<', &html[at..]).map_or(html.len(), |i| at + i);
        words = words.saturating_add(words_in_text(&html[at..text_end]));
        // Past the tag's `>`; a tag never closed hides the rest.
        at = match memchr::memchr(b'>', html.get(text_end..).unwrap_or_default()) {
            Some(i) => text_end + i + 1,
            None => html.len(),
        };
    }
    words
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is zero, and no other bit (exact:
/// no borrow can cross from one byte into the next).
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// Words in text between tags. Branch-free over the bytes (a body is read
/// once, as it is parsed); a stray `>`, which neither starts nor ends a
/// word, takes the slow way.
fn words_in_text(text: &[u8]) -> u32 {
    let is_break = |b: u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
    if memchr::memchr(b'>', text).is_some() {
        let (mut words, mut in_word) = (0u32, false);
        for &b in text {
            if is_break(b) {
                in_word = false;
            } else if b != b'>' && !in_word {
                in_word = true;
                words += 1;
            }
        }
        return words;
    }
    // Eight bytes at a time: a word starts at each byte that is not a
    // break and follows one (or the start). Breaks are found with the
    // classic has-zero-byte test on the byte XOR each break character.
    let mut words = 0u32;
    let mut after_break = true;
    let mut chunks = text.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let word = u64::from_le_bytes(bytes);
        let breaks = [b' ', b'\n', b'\t', b'\r'].iter().fold(0, |found, &c| {
            found | zero_bytes(word ^ (u64::from(c) * ONES))
        });
        // One bit a byte (its high bit): the break bytes, and the bytes
        // after a break (the first after the previous chunk's last byte).
        let before = (breaks << 8) | if after_break { HIGHS & 0xFF } else { 0 };
        let starts = before & !breaks & HIGHS;
        words += starts.count_ones();
        after_break = breaks >> 63 == 1;
    }
    for &b in chunks.remainder() {
        let here = is_break(b);
        words += u32::from(after_break & !here);
        after_break = here;
    }
    words
}

impl Default for Body {
    fn default() -> Self {
        Body::new("")
    }
}

impl From<&str> for Body {
    fn from(html: &str) -> Self {
        Body::new(html)
    }
}

impl From<String> for Body {
    fn from(html: String) -> Self {
        Body::new(html)
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        self.digest == other.digest && self.html() == other.html()
    }
}

impl Eq for Body {}

impl Hash for Body {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.len(), self.digest).hash(state);
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Body").field(&self.html()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_html() -> String {
        include_str!("../../content/000_a202247ae16cea6a.txt")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("<p>{l}</p>\n"))
            .collect()
    }

    #[test]
    fn words_are_counted_in_the_text_not_the_tags() {
        assert_eq!(Body::new("").words(), 0);
        assert_eq!(Body::new("<p></p>\n<p>  </p>").words(), 0);
        let body = Body::new("<p>دمشق- كشف <a href=\"x y\">وزير</a> الإعلام</p><p>ثانية</p>");
        assert_eq!(body.words(), 5);
        let mut packed = body.clone();
        packed.pack();
        assert_eq!(packed.words(), 5);
    }

    /// The byte-at-a-time count the faster one must match.
    fn count_words_slowly(html: &str) -> u32 {
        let (mut words, mut in_tag, mut in_word) = (0u32, false, false);
        for &b in html.as_bytes() {
            match b {
                b'<' => {
                    in_tag = true;
                    in_word = false;
                }
                b'>' => in_tag = false,
                _ if in_tag => {}
                b' ' | b'\n' | b'\t' | b'\r' => in_word = false,
                _ if !in_word => {
                    in_word = true;
                    words += 1;
                }
                _ => {}
            }
        }
        words
    }

    #[test]
    fn words_are_counted_as_a_byte_at_a_time_would() {
        for html in [
            seed_html(),
            "a>b > c>".into(),
            "<p>x</p>y <b>z".into(),
            "نص <غير مغلق".into(),
            "> >x\t\ry\n".into(),
            "<a>>b</a><".into(),
        ] {
            let cap = |n: u32| n.min(WORDS_COUNTED as u32);
            assert_eq!(
                cap(count_words(&html)),
                cap(count_words_slowly(&html)),
                "{html}"
            );
        }
        // Exact below the limit, the limit above it.
        let words = |n: usize| "<p>كلمة</p> ".repeat(n);
        assert_eq!(
            Body::new(words(WORDS_COUNTED - 1)).words(),
            WORDS_COUNTED - 1
        );
        assert_eq!(Body::new(words(WORDS_COUNTED * 10)).words(), WORDS_COUNTED);
        // Every cut of a text mixing the breaks, so words straddle the
        // eight-byte chunks at every offset.
        let mixed = "كلمة  a\tbc\r\n\nد هـ   xyz\t\tقصير ".repeat(3);
        for end in (0..=mixed.len()).filter(|&e| mixed.is_char_boundary(e)) {
            for start in (0..8).filter(|&s| mixed.is_char_boundary(s)) {
                let text = &mixed[start.min(end)..end];
                assert_eq!(count_words(text), count_words_slowly(text), "{text:?}");
            }
        }
    }

    #[test]
    fn a_packed_body_gives_back_the_html_it_was_made_from() {
        for html in [String::new(), "<p>دمشق- خبر</p>".into(), seed_html()] {
            let mut body = Body::new(html.as_str());
            body.pack();
            assert_eq!(body.html(), html);
            assert_eq!(body.len(), html.len());
        }
    }

    #[test]
    fn news_html_packed_takes_less_memory() {
        let html = seed_html();
        let mut body = Body::new(html.as_str());
        body.pack();
        assert!(
            body.held_len() * 10 < html.len() * 8,
            "{} held of {}",
            body.held_len(),
            html.len()
        );
    }

    #[test]
    fn a_body_is_equal_and_hashes_alike_however_it_is_held() {
        let hasher = rustc_hash::FxBuildHasher;
        let plain = Body::new("<p>القاهرة- خبر عاجل</p>");
        let mut packed = plain.clone();
        packed.pack();
        assert_eq!(plain, packed);
        assert_eq!(hasher.hash_one(&plain), hasher.hash_one(&packed));
        assert_ne!(plain, Body::new("<p>خبر آخر</p>"));
    }

    #[test]
    fn only_an_archive_past_the_threshold_is_packed() {
        let page = "<p>نص</p>".repeat(1000);
        let from = 10 * page.len() + 1;
        let packed = |bodies: &mut Vec<Body>| {
            let packer = Packer::new(from);
            bodies.iter_mut().for_each(|b| packer.add(b));
            packer.finish(bodies.iter_mut())
        };
        let mut small: Vec<Body> = (0..10).map(|_| Body::new(page.as_str())).collect();
        assert!(!packed(&mut small));
        assert!(small.iter().all(|b| b.held_len() == page.len()));
        let mut large: Vec<Body> = (0..11).map(|_| Body::new(page.as_str())).collect();
        assert!(packed(&mut large));
        assert!(large
            .iter()
            .all(|b| b.held_len() < page.len() && b.html() == page));
    }
}
