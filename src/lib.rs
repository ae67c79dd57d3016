//! sahifa: a static news-site generator for Arabic, right-to-left news.
//!
//! The library is a pipeline of plain stages; a value flows between them:
//!
//! ```text
//! content/ ─load→ SourceFile ─parse→ Article ─resolve→ Site ─render→ Page ─write→ public/
//! ```
//!
//! [`build()`], [`check()`] and [`serve()`] drive it through the same
//! pipeline; each stage lives in its own module, and a module uses only
//! those of earlier stages (ARCHITECTURE.md has the map and the rule).

mod arabic;
mod build;
mod cache;
mod config;
mod content;
mod dates;
mod deploy;
mod editorial;
mod engine;
mod front;
mod html;
mod images;
mod load;
mod output;
mod permalink;
mod pipeline;
mod related;
mod render;
mod report;
mod resolve;
mod scaffold;
mod search;
mod serve;
mod settings;
mod site;
mod strings;
mod taxonomy;
mod theme;

// The commands, as the binary runs them.
pub use build::{build, check, BuildOptions, Outcome};
pub use deploy::{deploy, Change, DeployOptions, Deployed};
pub use engine::Files as ServedFiles;
pub use engine::Update;
pub use scaffold::{export_theme, init, new_article, now_in, Wrote};
pub use serve::http::resolve_path as resolve_request_path;
pub use serve::request::{read_head as read_request_head, HeadError, Request as HttpRequest};
pub use serve::{serve, Reporter, ServeOptions};

// What they report, and what they run with.
pub use config::{keys as setting_keys, Config};
pub use editorial::PageRef;
pub use load::absolute_root;
pub use report::{count_s, printable, Diagnostic, Kind, Level, Report};
pub use settings::{Overrides, Settings};

// The stages and the text rules, for tests, benchmarks and fuzz targets.
pub use arabic::normalize::{first_key_char, key, key_start};
pub use arabic::slug::{headline_slug, slugify, MAX_HEADLINE_SLUG_CHARS, MAX_SLUG_CHARS};
pub use arabic::stem::terms as search_terms;
pub use content::frontmatter::split as split_front_matter;
pub use content::{parse, parse_all, Article, ReadAlsoRef};
pub use dates::{parse_date, Zone};
pub use images::codec::check_picture;
pub use load::{decode, SourceFile, SourceKind};
pub use output::{safe_join, MARKER};
pub use related::{related, Wanted as RelatedWanted};
pub use render::minify::html as minify_html;
pub use render::render_site;
pub use render::templates::build_tera;
pub use resolve::resolve;
pub use search::shard_of as search_shard_of;
pub use search::{bitmap as search_bitmap, prefix_of as search_prefix_of};
