//! `site.toml`: any text through the parser and the checks, and whatever
//! they accept through resolve and render of a small site (the news
//! sitemap's date arithmetic once panicked on a large `news_days`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sahifa::{Article, Config, Overrides, Settings, SourceFile, SourceKind};

const SEED: &str = include_str!("../../content/000_a202247ae16cea6a.txt");
const MARKDOWN: &str = "+++\ntitle = \"خبر\"\ndate = 2025-11-08T10:00:00+03:00\nsection = \"سياسة\"\ntags = [\"سوريا\"]\n+++\nنص الخبر.\n";

fn articles() -> &'static [Article] {
    static ARTICLES: OnceLock<Vec<Article>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let utc = chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
        [("seed.txt", SourceKind::Raw, SEED), ("x.md", SourceKind::Markdown, MARKDOWN)]
            .into_iter()
            .filter_map(|(id, kind, text)| {
                let source = SourceFile {
                    path: format!("content/{id}").into(),
                    id: id.into(),
                    kind,
                    text: text.into(),
                    modified: None,
                };
                sahifa::parse(&source, utc).0
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(config) = Config::parse(text) else { return };
    if config.validate().is_err() {
        return;
    }
    let Ok(settings) = Settings::new(config, Overrides::default()) else { return };
    let Ok(tera) = sahifa::build_tera(&[], false, &settings) else { return };
    let (site, _) = sahifa::resolve(articles().to_vec(), settings);
    let _ = sahifa::render_site(&site, &tera);
});
