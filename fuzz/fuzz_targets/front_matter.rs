//! Markdown files: the front matter splitter and the Markdown article parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sahifa::{SourceFile, SourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = sahifa::split_front_matter(text);
    let source = SourceFile {
        path: "content/fuzz.md".into(),
        id: "fuzz.md".into(),
        kind: SourceKind::Markdown,
        text: text.to_string(),
        modified: None,
    };
    let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    let _ = sahifa::parse(&source, utc);
});
