//! The preview server's request reader: any bytes as a request head (with
//! its limits), then the path looked up in a small built site.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = sahifa::read_request_head(&mut std::io::BufReader::new(data)) else {
        return;
    };
    assert!(request.path.starts_with('/'));
    let mut files = sahifa::ServedFiles::new();
    for path in ["index.html", "404.html", "2025/index.html", "دمشق/index.html"] {
        files.insert(path.to_string(), Arc::from(path.as_bytes()));
    }
    for base in ["/", "/news/"] {
        let _ = sahifa::resolve_request_path(&request.path, base, &files);
    }
});
