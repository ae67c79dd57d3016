//! How the automatic related articles compare with what editors linked:
//! `cargo run --release --example related_eval -- SITE` on a site written
//! by `../shared/corpus/gen.py --newsroom -f md` (its `content/manifest.json`
//! is the ground truth). Prints, over the articles with read-also targets,
//! how often those targets are among the automatic top 5 (recall; ranked
//! without leaving linked articles out), and over all articles, how often
//! the top 5 share the article's section or a tag (a precision proxy).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use sahifa::{Config, Overrides, Settings, SourceFile, SourceKind};

const TOP: usize = 5;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let manifest: serde_json::Value = std::fs::read(root.join("content/manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| fail("no content/manifest.json: a gen.py --newsroom -f md site"));
    let config = Config::load(&root).unwrap_or_else(|d| fail(&d.to_string()));
    let zone = config.zone().unwrap_or_else(|e| fail(&e));
    let settings = Settings::new(config, Overrides::default()).unwrap_or_else(|e| fail(&e));
    let items = manifest["items"].as_array().cloned().unwrap_or_default();
    let sources: Vec<SourceFile> = items
        .iter()
        .filter_map(|item| item["file"].as_str())
        .filter_map(|file| source(&root, file))
        .collect();
    let (articles, _) = sahifa::parse_all(sources, zone);
    let (site, _) = sahifa::resolve(articles, settings);
    let position: HashMap<&str, usize> = (0..site.len())
        .map(|i| (site.articles[i].id.as_str(), i))
        .collect();
    let started = Instant::now();
    // Editors link older and newer stories alike: the whole archive.
    let ranked = sahifa::related(
        &site,
        sahifa::RelatedWanted {
            count: TOP,
            newer: true,
            leave_out_linked: false,
        },
    );
    let seconds = started.elapsed().as_secs_f64();
    // What pages show with the default settings.
    let shown = sahifa::related(
        &site,
        sahifa::RelatedWanted {
            count: TOP,
            newer: false,
            leave_out_linked: true,
        },
    );
    let (mut targets, mut found) = (0, 0);
    let (mut listed, mut sharing) = (0, 0);
    // How far in time the listed stories are from the article (days).
    let mut gaps: Vec<i64> = Vec::new();
    // The same proxy for five articles picked without looking (a fixed
    // stride through the archive): what the ranking must beat.
    let (mut blind, mut blind_sharing) = (0, 0);
    for item in &items {
        let Some(&i) = item["file"].as_str().and_then(|f| position.get(f)) else {
            continue;
        };
        let top: HashSet<usize> = ranked[i].iter().copied().collect();
        for reference in item["read_also"].as_array().into_iter().flatten() {
            if let Some(&t) = reference["target"].as_str().and_then(|f| position.get(f)) {
                targets += 1;
                found += usize::from(top.contains(&t));
            }
        }
        for k in 1..=TOP {
            let other = (i + k * 7919) % site.len();
            blind += 1;
            blind_sharing += usize::from(shares_section_or_tag(
                &site.articles[i],
                &site.articles[other],
            ));
        }
        for &other in &shown[i] {
            listed += 1;
            gaps.push(
                (site.articles[i].date - site.articles[other].date)
                    .num_days()
                    .abs(),
            );
            sharing += usize::from(shares_section_or_tag(
                &site.articles[i],
                &site.articles[other],
            ));
        }
    }
    gaps.sort_unstable();
    let gap = |q: usize| gaps.get(gaps.len() * q / 100).copied().unwrap_or(0);
    println!(
        "{} articles; ranking {:.2} s\nrecall@{TOP} of read-also targets: {found}/{targets} = {:.1}%\ntop-{TOP} sharing section or tag: {sharing}/{listed} = {:.1}% (five unranked: {:.1}%)\nlisted stories' distance in time: median {} days, 90th percentile {} days",
        site.len(),
        seconds,
        100.0 * found as f64 / targets.max(1) as f64,
        100.0 * sharing as f64 / listed.max(1) as f64,
        100.0 * blind_sharing as f64 / blind.max(1) as f64,
        gap(50),
        gap(90),
    );
}

fn shares_section_or_tag(a: &sahifa::Article, b: &sahifa::Article) -> bool {
    let tags: HashSet<String> = a.tags.iter().map(|t| sahifa::key(t)).collect();
    (a.section.is_some() && a.section == b.section)
        || b.tags.iter().any(|t| tags.contains(&sahifa::key(t)))
}

fn source(root: &Path, file: &str) -> Option<SourceFile> {
    let path = root.join("content").join(file);
    let (text, _) = sahifa::decode(&std::fs::read(&path).ok()?).ok()?;
    Some(SourceFile {
        path,
        id: file.to_string(),
        kind: SourceKind::Markdown,
        text,
        modified: None,
    })
}

fn fail(message: &str) -> ! {
    eprintln!("related_eval: {message}");
    std::process::exit(2)
}
