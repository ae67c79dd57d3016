//! The date line of raw news text, labelled and not, in a zone with
//! daylight saving time changed at midnight (Cairo): any text there gives
//! an article dated within range, or none, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sahifa::{SourceFile, SourceKind, Zone};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    let Ok(cairo) = Zone::parse("Africa/Cairo") else { return };
    for text in [
        format!("عنوان الخبر\nتاريخ النشر: {line}\nالقاهرة- نص الخبر.\n"),
        format!("عنوان الخبر\n{line}\nالقاهرة- نص الخبر.\n"),
    ] {
        let source = SourceFile {
            path: "content/fuzz.txt".into(),
            id: "fuzz.txt".into(),
            kind: SourceKind::Raw,
            text,
            modified: None,
        };
        if let (Some(article), _) = sahifa::parse(&source, cairo) {
            let year = chrono::Datelike::year(&article.date);
            assert!((1800..=2200).contains(&year), "{year}");
        }
    }
});
