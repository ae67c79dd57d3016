//! Raw news text: any bytes through the decoder and the raw parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sahifa::{decode, SourceFile, SourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = decode(data) else { return };
    let source = SourceFile {
        path: "content/fuzz.txt".into(),
        id: "fuzz.txt".into(),
        kind: SourceKind::Raw,
        text,
        modified: None,
    };
    let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    let _ = sahifa::parse(&source, utc);
});
