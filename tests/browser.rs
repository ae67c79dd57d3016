//! The default theme in real headless Chromium (driven by playwright-core from
//! `.ci/tools`): right-to-left layout on desktop and phone widths. Skipped
//! when Chromium, Node or playwright-core is missing, except under CI.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn playwright_dir() -> Option<PathBuf> {
    let dir = repo().join(".ci/tools/node_modules/playwright-core");
    dir.is_dir().then_some(dir)
}

#[test]
fn the_default_theme_lays_out_right_to_left() {
    let tools = playwright_dir().filter(|_| {
        PathBuf::from("/usr/bin/chromium").is_file()
            && Command::new("node").arg("--version").output().is_ok()
    });
    let Some(playwright) = tools else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "Chromium, Node and playwright-core are required under CI"
        );
        eprintln!("skipped: Chromium, Node or .ci/tools playwright-core missing");
        return;
    };
    let site = sample_site();
    build_ok(&options(site.path()));
    let (article, _) = page_titled(
        &site.path().join("public"),
        "دمشق تعلن توقيع إعلان تعاون سياسي مع التحالف الدولي ضد \"داعش\"",
    );
    let server = StaticServer::start(site.path().join("public"));
    let shots = std::env::var("SAHIFA_SCREENSHOTS").unwrap_or_default();
    let output = Command::new("node")
        .arg(repo().join("tests/browser/rtl.mjs"))
        .arg(server.url())
        .arg(url_of(&article).trim_start_matches('/'))
        .arg(shots)
        .env("PLAYWRIGHT_CORE_DIR", playwright)
        .output()
        .unwrap_or_else(|e| panic!("node: {e}"));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains("\"failures\":[]"), "{report}");
}
