//! Publication dates in any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let riyadh = chrono::FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!());
    if let Ok(date) = sahifa::parse_date(text, riyadh) {
        // Whatever parses is a real calendar date in range.
        assert!((1800..=2200).contains(&chrono::Datelike::year(&date)));
    }
});
