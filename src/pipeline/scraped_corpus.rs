//! The scraped-page fixtures (`tests/fixtures/scraped`, written by its
//! `make.py`): real shapes of Arabic news captures, with the expected fate
//! of every line. Read the way `build` reads them (a folder per site, so
//! furniture recurs), each line's fate is checked: no story paragraph or
//! related title lost, debris kept off the pages, no summary from debris,
//! dates, cities and bylines right.
//!
//! `cargo test --lib scraped -- --nocapture` prints the per-file figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use crate::content::{Article, RawOptions};
use crate::report::{Diagnostic, Kind};

/// The fixtures' files are dated this (what relative dates count from).
const FILE_TIME: &str = "2025-03-02T14:30:00+03:00";

/// What happened to a line, as the parse shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Title,
    /// Read as date, label or header: neither story nor debris.
    Consumed,
    Story,
    Debris,
    Related,
    Excerpt,
}

fn expected_fate(code: &str) -> Fate {
    match code {
        "T" => Fate::Title,
        "D" | "M" | "H" => Fate::Consumed,
        "B" => Fate::Story,
        "X" | "F" => Fate::Debris,
        "R" => Fate::Related,
        "E" => Fate::Excerpt,
        other => panic!("unknown code {other}"),
    }
}

struct Expect {
    facts: BTreeMap<String, String>,
    lines: Vec<(Fate, String)>,
}

fn read_expect(path: &Path) -> Expect {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut facts = BTreeMap::new();
    let mut lines = Vec::new();
    for line in text.lines() {
        if let Some(fact) = line.strip_prefix('@') {
            let (k, v) = fact.split_once(' ').unwrap_or((fact, ""));
            facts.insert(k.to_string(), v.to_string());
        } else if let Some((code, text)) = line.split_once('\t') {
            lines.push((expected_fate(code), text.to_string()));
        }
    }
    Expect { facts, lines }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scraped")
}

/// The fixtures copied to a content folder, every page dated [`FILE_TIME`].
fn content_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let content = dir.path().join("content");
    let time = chrono::DateTime::parse_from_rfc3339(FILE_TIME).unwrap_or_else(|e| panic!("{e}"));
    let time = std::time::SystemTime::from(time);
    for entry in walkdir::WalkDir::new(fixtures()).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let rel = path.strip_prefix(fixtures()).unwrap_or(path);
        let to = content.join(rel);
        std::fs::create_dir_all(to.parent().unwrap_or(&content)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(path, &to).unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::options()
            .write(true)
            .open(&to)
            .unwrap_or_else(|e| panic!("{e}"));
        file.set_modified(time).unwrap_or_else(|e| panic!("{e}"));
    }
    (dir, content)
}

/// A paragraph's text: tags gone, entities undone, spaces single.
fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    squash(&text)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn paragraphs(article: &Article) -> Vec<String> {
    let html = article.body.html();
    html.split("<p>")
        .skip(1)
        .map(|p| plain(p.split("</p>").next().unwrap_or_default()))
        .collect()
}

fn debris_lines(notes: &[Diagnostic], path: &Path) -> Vec<usize> {
    notes
        .iter()
        .filter(|d| d.kind == Kind::Debris && d.file.as_deref() == Some(path))
        .flat_map(|d| {
            d.data()["lines"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|l| l["line"].as_u64())
                .map(|n| n as usize)
        })
        .collect()
}

/// The fate of each non-empty line of `article`'s file.
fn fates(article: &Article, text: &str, debris: &[usize]) -> Vec<Fate> {
    let story = paragraphs(article);
    let numbered = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    numbered
        .enumerate()
        .map(|(i, (number, line))| {
            if i == 0 {
                Fate::Title
            } else if debris.contains(&number) || article.furniture.iter().any(|f| f == line) {
                Fate::Debris
            } else if article.read_also.iter().any(|r| r.line == Some(number)) {
                Fate::Related
            } else if article
                .read_also
                .iter()
                .any(|r| r.excerpt.iter().any(|e| e == line))
            {
                Fate::Excerpt
            } else if story.contains(&squash(line)) {
                Fate::Story
            } else {
                Fate::Consumed
            }
        })
        .collect()
}

#[derive(Default)]
struct Figures {
    debris: usize,
    debris_off: usize,
    story: usize,
    story_lost: usize,
    related: usize,
    related_lost: usize,
    summary_from_debris: bool,
    wrong: Vec<String>,
}

#[test]
fn scraped_pages_keep_the_story_and_lose_the_debris() {
    let (_dir, content) = content_copy();
    let walked = crate::load::walk_content(&content);
    assert!(
        walked.articles.len() >= 40,
        "{} fixtures",
        walked.articles.len()
    );
    let zone = FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| unreachable!());
    let furniture: Vec<String> = Vec::new();
    let options = RawOptions {
        furniture: &furniture,
        ..RawOptions::default()
    };
    let read = crate::pipeline::read_and_parse(walked.articles, zone.into(), options);
    let by_id: BTreeMap<&str, &Article> =
        read.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut total = Figures::default();
    let mut table = Vec::new();
    for entry in walkdir::WalkDir::new(fixtures())
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "expect") {
            continue;
        }
        let id = path
            .strip_prefix(fixtures())
            .unwrap_or(path)
            .with_extension("txt")
            .to_string_lossy()
            .replace('\\', "/");
        let expect = read_expect(path);
        let Some(article) = by_id.get(id.as_str()) else {
            let notes: Vec<String> = read.notes.iter().map(|d| d.message.clone()).collect();
            panic!("{id}: no article made: {notes:?}");
        };
        let text = std::fs::read_to_string(path.with_extension("txt")).unwrap_or_default();
        let debris = debris_lines(&read.notes, &content.join(&id));
        let got = fates(article, &text, &debris);
        assert_eq!(got.len(), expect.lines.len(), "{id}: lines");
        let mut figures = Figures::default();
        for ((want, line), got) in expect.lines.iter().zip(&got) {
            match want {
                Fate::Debris => {
                    figures.debris += 1;
                    figures.debris_off +=
                        usize::from(!matches!(got, Fate::Story | Fate::Related | Fate::Excerpt));
                }
                Fate::Story => {
                    figures.story += 1;
                    figures.story_lost += usize::from(*got != Fate::Story);
                }
                Fate::Related => {
                    figures.related += 1;
                    figures.related_lost += usize::from(*got != Fate::Related);
                }
                _ => {}
            }
            if want != got {
                figures
                    .wrong
                    .push(format!("{id}: «{line}» expected {want:?}, got {got:?}"));
            }
        }
        let first_story = expect
            .lines
            .iter()
            .find(|(f, _)| *f == Fate::Story)
            .map(|(_, l)| squash(l));
        figures.summary_from_debris = paragraphs(article).first() != first_story.as_ref();
        let facts = &expect.facts;
        let date = article.date.format("%Y-%m-%d").to_string();
        let city = article.city.clone().unwrap_or_else(|| "-".into());
        let authors = if article.authors.is_empty() {
            "-".into()
        } else {
            article.authors.join("، ")
        };
        for (what, got) in [("date", date), ("city", city), ("authors", authors)] {
            if facts.get(what) != Some(&got) {
                figures.wrong.push(format!(
                    "{id}: {what} {got}, expected {:?}",
                    facts.get(what)
                ));
            }
        }
        let read_also = article.read_also.len().to_string();
        if facts.get("read_also") != Some(&read_also) {
            figures.wrong.push(format!(
                "{id}: {read_also} related, expected {:?}",
                facts.get("read_also")
            ));
        }
        table.push(format!(
            "{id:<16} debris {:>2}/{:<2} story {:>2}/{:<2} related {}/{} summary {}",
            figures.debris_off,
            figures.debris,
            figures.story - figures.story_lost,
            figures.story,
            figures.related - figures.related_lost,
            figures.related,
            if figures.summary_from_debris {
                "DEBRIS"
            } else {
                "ok"
            },
        ));
        total.debris += figures.debris;
        total.debris_off += figures.debris_off;
        total.story += figures.story;
        total.story_lost += figures.story_lost;
        total.related += figures.related;
        total.related_lost += figures.related_lost;
        total.summary_from_debris |= figures.summary_from_debris;
        total.wrong.extend(figures.wrong);
    }
    println!("{}", table.join("\n"));
    println!(
        "all: debris kept off {}/{} ({:.1}%), story kept {}/{}, related {}/{}",
        total.debris_off,
        total.debris,
        100.0 * total.debris_off as f64 / total.debris.max(1) as f64,
        total.story - total.story_lost,
        total.story,
        total.related - total.related_lost,
        total.related
    );
    for wrong in &total.wrong {
        println!("  {wrong}");
    }
    assert_eq!(
        total.story_lost, 0,
        "story paragraphs lost: {:#?}",
        total.wrong
    );
    assert_eq!(
        total.related_lost, 0,
        "related titles lost: {:#?}",
        total.wrong
    );
    assert!(
        !total.summary_from_debris,
        "a summary from debris: {:#?}",
        total.wrong
    );
    assert!(
        total.debris_off * 100 >= total.debris * 95,
        "debris kept off {}/{}: {:#?}",
        total.debris_off,
        total.debris,
        total.wrong
    );
    let facts_wrong: Vec<&String> = total.wrong.iter().filter(|w| !w.contains('«')).collect();
    assert!(facts_wrong.is_empty(), "{facts_wrong:#?}");
}

/// A line recurs when it is in a tenth of the folder's raw files (three at
/// least), counting every raw file of the folder, with a short line or not.
#[test]
fn a_line_recurs_in_a_tenth_of_the_folders_raw_files() {
    let article = |n: usize, lines: &[u64]| Article {
        id: format!("site/{n}.txt"),
        kind: crate::load::SourceKind::Raw,
        short_lines: lines.to_vec(),
        ..Article::default()
    };
    // In 3 of 40 files: under a tenth, however few files have short lines.
    let mut articles: Vec<Article> = (0..40).map(|n| article(n, &[])).collect();
    for a in articles.iter_mut().take(3) {
        a.short_lines = vec![7];
    }
    assert!(crate::pipeline::recurring_lines(&articles).is_empty());
    // In 4 of 40: a tenth.
    articles[3].short_lines = vec![7, 7];
    assert!(crate::pipeline::recurring_lines(&articles).contains(&7));
    // Twice in one file is one file; and two files are never enough.
    let two = [article(0, &[9, 9]), article(1, &[9])];
    assert!(crate::pipeline::recurring_lines(&two).is_empty());
}
