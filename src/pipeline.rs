//! What `build` and `serve` share: load, parse and resolve a site and
//! prepare its templates and static files.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::{gather, parse, Article};
use crate::load::stamp::FileStamp;
use crate::load::{read_article_stamped, ArticleFile};
use crate::report::Diagnostic;

/// Reads, decodes and parses the articles, each file start to end in one
/// task: the source text of the whole site is never in memory at once, only
/// the articles parsed from it (on a large archive, half the peak).
/// Also returns each file's stamp as it was opened.
pub(crate) fn read_and_parse(
    files: Vec<ArticleFile>,
    offset: chrono::FixedOffset,
) -> (Vec<Article>, Vec<Diagnostic>, Vec<(PathBuf, FileStamp)>) {
    type Parsed = (Option<Article>, Vec<Diagnostic>);
    let results: Vec<(Parsed, Option<(PathBuf, FileStamp)>)> = files
        .into_par_iter()
        .map(|file| {
            let path = file.path.clone();
            let (source, note, stamp) = read_article_stamped(file);
            let mut notes: Vec<Diagnostic> = note.into_iter().collect();
            let article = source.and_then(|source| {
                let (article, parse_notes) = parse(&source, offset);
                notes.extend(parse_notes);
                article
            });
            ((article, notes), stamp.map(|stamp| (path, stamp)))
        })
        .collect();
    let (parsed, stamps): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    let (articles, notes) = gather(parsed);
    (articles, notes, stamps.into_iter().flatten().collect())
}
