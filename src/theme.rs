//! The built-in theme, embedded in the binary so that a folder holding only
//! `content/` builds: the templates (rendered by [`crate::render`]) and the
//! static files (copied by [`crate::load::statics`]). `sahifa theme export`
//! writes them into a site to restyle.

/// Default templates: (name, source).
pub(crate) const DEFAULT_TEMPLATES: [(&str, &str); 13] = [
    ("base.html", include_str!("../templates/base.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("list.html", include_str!("../templates/list.html")),
    ("teaser.html", include_str!("../templates/teaser.html")),
    (
        "pagination.html",
        include_str!("../templates/pagination.html"),
    ),
    ("archive.html", include_str!("../templates/archive.html")),
    ("taxonomy.html", include_str!("../templates/taxonomy.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("latest.html", include_str!("../templates/latest.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("rss.xml", include_str!("../templates/rss.xml")),
];

/// Default static files: (path under the output, bytes).
pub(crate) const DEFAULT_STATIC: [(&str, &[u8]); 7] = [
    ("style.css", include_bytes!("../static/style.css")),
    ("search.js", include_bytes!("../static/search.js")),
    // Noto Naskh Arabic 2.x from @fontsource/noto-naskh-arabic 5.3.0 (SIL
    // Open Font License 1.1, beside them): the Arabic and Latin subsets of
    // the regular and bold weights; style.css names them.
    (
        "fonts/noto-naskh-arabic-arabic-400-normal.woff2",
        include_bytes!("../static/fonts/noto-naskh-arabic-arabic-400-normal.woff2"),
    ),
    (
        "fonts/noto-naskh-arabic-arabic-700-normal.woff2",
        include_bytes!("../static/fonts/noto-naskh-arabic-arabic-700-normal.woff2"),
    ),
    (
        "fonts/noto-naskh-arabic-latin-400-normal.woff2",
        include_bytes!("../static/fonts/noto-naskh-arabic-latin-400-normal.woff2"),
    ),
    (
        "fonts/noto-naskh-arabic-latin-700-normal.woff2",
        include_bytes!("../static/fonts/noto-naskh-arabic-latin-700-normal.woff2"),
    ),
    ("fonts/OFL.txt", include_bytes!("../static/fonts/OFL.txt")),
];

/// The theme's search script, left out with `search = false`.
pub(crate) const SEARCH_SCRIPT: &str = "search.js";

/// The folder of the theme's web font, left out with `font = "system"`.
pub(crate) const FONT_DIR: &str = "fonts/";

/// The font file to preload: the Arabic regular face, which every page's
/// text needs first.
pub(crate) const PRELOADED_FONT: &str = "fonts/noto-naskh-arabic-arabic-400-normal.woff2";
