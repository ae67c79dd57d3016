//! Picture files: any bytes, under each extension a picture may have,
//! through the header check and the decoder, as a build reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for ext in ["jpg", "png", "webp", "gif"] {
        if let Ok((width, height)) = sahifa::check_picture(data, ext) {
            // Whatever decodes is within the limits checked before decoding.
            assert!(width > 0 && height > 0);
            assert!(u64::from(width) * u64::from(height) <= 50_000_000);
        }
    }
});
