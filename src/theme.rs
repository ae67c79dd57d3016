//! The built-in theme, embedded in the binary so that a folder holding only
//! `content/` builds: the templates (rendered by [`crate::render`]) and the
//! static files (copied by [`crate::load::statics`]). `sahifa theme export`
//! writes them into a site to restyle.

/// Default templates: (name, source).
pub const DEFAULT_TEMPLATES: [(&str, &str); 10] = [
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
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("rss.xml", include_str!("../templates/rss.xml")),
];

/// Default static files: (path under the output, bytes).
pub const DEFAULT_STATIC: [(&str, &[u8]); 1] =
    [("style.css", include_bytes!("../static/style.css"))];
