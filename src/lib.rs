//! sahifa: a static news-site generator for Arabic, right-to-left news.
//!
//! The library is a pipeline of plain stages; a value flows between them:
//!
//! ```text
//! content/ ─load→ SourceFile ─parse→ Article ─resolve→ Site ─render→ Page ─write→ public/
//! ```
//!
//! [`build()`] and [`check()`] in [`build`] drive it; each stage lives in its own module.

pub mod arabic;
pub mod build;
pub mod cache;
pub mod config;
pub mod content;
pub mod dates;
pub mod html;
pub mod load;
pub mod output;
pub mod permalink;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod settings;
pub mod site;
pub mod theme;

pub use build::{build, check, BuildOptions, Outcome};
