//! Search: the static index under `search/`, the search page, and the
//! browser script's folding and stemming against the build's.

use std::process::Command;

use crate::common::*;

/// Words to stem both ways: the sample site's, and spelling variants.
fn words(out: &std::path::Path) -> Vec<String> {
    let mut words: Vec<String> = html_pages(out)
        .iter()
        .filter(|(_, text)| text.contains("class=\"article\""))
        .flat_map(|(_, text)| {
            let body = text
                .split("<div class=\"article-body\">")
                .nth(1)
                .unwrap_or_default();
            let body = body.split("</div>").next().unwrap_or_default();
            body.split(|c: char| c.is_whitespace() || c == '<' || c == '>')
                .filter(|w| !w.is_empty() && !w.contains('='))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    words.extend(
        [
            "والتحالف",
            "بالحكومة",
            "للحكومات",
            "القاهرة",
            "القاهره",
            "مستشفى",
            "أَعْلَنَ",
            "عـاجل",
            "٢٠٢٥",
            "iPhone",
            "«داعش»",
        ]
        .map(str::to_string),
    );
    words.sort();
    words.dedup();
    words
}

/// Node runs `search.js` outside a browser; without it (allowed only off
/// CI) the tests that need it are skipped.
fn has_node() -> bool {
    require(
        "node",
        Command::new("node").arg("--version").output().is_ok(),
    )
}

#[test]
fn the_browser_stems_every_word_as_the_build_does() {
    if !has_node() {
        return;
    }
    let site = sample_site();
    build_ok(&options(site.path()));
    let words = words(&site.path().join("public"));
    assert!(words.len() > 500, "{} words", words.len());
    let script = format!(
        "const s = require({:?}); const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
         console.log(JSON.stringify(words.map(w => [s.terms(w), s.terms(w).map(t => [s.shardOf(t, 256), s.prefixOf(t, 64)])])));",
        repo().join("static/search.js")
    );
    let mut child = Command::new("node")
        .args(["-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("node: {e}"));
    use std::io::Write;
    child.stdin.take().map(|mut stdin| {
        stdin.write_all(serde_json::to_string(&words).unwrap_or_default().as_bytes())
    });
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    // Each word's terms, and each term's (shard, prefix dictionary).
    type Stemmed = (Vec<String>, Vec<(usize, usize)>);
    let browser: Vec<Stemmed> = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let mut differ = Vec::new();
    for (word, (terms, shards)) in words.iter().zip(&browser) {
        let build = sahifa::search_terms(word);
        let build_shards: Vec<(usize, usize)> = build
            .iter()
            .map(|t| {
                (
                    sahifa::search_shard_of(t, 256),
                    sahifa::search_prefix_of(t, 64),
                )
            })
            .collect();
        if &build != terms || &build_shards != shards {
            differ.push(format!(
                "{word}: build {build:?} {build_shards:?}, browser {terms:?} {shards:?}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
}

#[test]
fn the_browser_reads_a_common_terms_bitmap_as_the_build_writes_it() {
    if !has_node() {
        return;
    }
    let docs = [0u32, 1, 4, 9, 10, 11, 63, 64, 1000];
    let hex = sahifa::search_bitmap(docs.into_iter(), 1001);
    // Docs 9 and 64 have it in their headlines: gaps 9, 55.
    let script = format!(
        "const s = require({:?}); const d = s.decode([{hex:?}, [9, 55]]);\
         const docs = [...d.keys()].sort((a, b) => a - b);\
         console.log(JSON.stringify([docs, docs.map((k) => d.get(k).weight), docs.map((k) => d.get(k).title)]));",
        repo().join("static/search.js")
    );
    let output = Command::new("node")
        .args(["-e", &script])
        .output()
        .unwrap_or_else(|e| panic!("node: {e}"));
    let (decoded, weights, titles): (Vec<u32>, Vec<u32>, Vec<bool>) =
        serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(decoded, docs);
    assert_eq!(weights, [1, 1, 1, 3, 1, 1, 1, 3, 1]);
    assert_eq!(
        titles,
        [false, false, false, true, false, false, false, true, false]
    );
}

#[test]
fn the_index_and_the_page_are_written_when_search_is_on() {
    let site = sample_site();
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let meta: serde_json::Value =
        serde_json::from_str(&read(&out, "search/index.json")).unwrap_or_default();
    assert_eq!(meta["version"], 3);
    assert_eq!(meta["docs"], 14);
    let shards = meta["shards"].as_u64().unwrap_or(0);
    for k in 0..shards {
        let shard: serde_json::Value =
            serde_json::from_str(&read(&out, &format!("search/t/{k}.json"))).unwrap_or_default();
        assert!(shard.is_object(), "shard {k}");
    }
    let chunk = meta["chunk"].as_u64().unwrap_or(0) as usize;
    let chunks: Vec<serde_json::Value> = (0..13usize.div_ceil(chunk))
        .map(|k| {
            serde_json::from_str(&read(&out, &format!("search/d/{k}.json"))).unwrap_or_default()
        })
        .collect();
    let lengths: Vec<usize> = chunks
        .iter()
        .map(|c| c.as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(lengths.iter().sum::<usize>(), 14, "{lengths:?}");
    assert!(
        lengths[..lengths.len() - 1].iter().all(|&n| n == chunk),
        "{lengths:?}"
    );
    let page = read(&out, "search/index.html");
    assert!(
        page.contains("data-index=\"/search/\"") && page.contains("search."),
        "{page}"
    );
    assert!(read(&out, "index.html").contains("class=\"masthead-search\""));
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap_or_default();
    assert!(
        config.contains("search = true\n"),
        "the sample site searches"
    );
    let off = config.replace("search = true\n", "");
    write(&site.path().join("site.toml"), off.as_bytes());
    build_ok(&options(site.path()));
    assert!(!out.join("search").exists(), "off by default");
    assert!(!read(&out, "index.html").contains("masthead-search"));
}

/// The sample site, built: its folder, its build options and its output.
fn built_sample_site() -> (tempfile::TempDir, sahifa::BuildOptions, std::path::PathBuf) {
    let site = sample_site();
    let opts = options(site.path());
    build_ok(&opts);
    let out = site.path().join("public");
    (site, opts, out)
}

/// A file's inode: the same after a build means the file was not rewritten.
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .map(|m| m.ino())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_edit_rewrites_only_the_index_parts_it_changes() {
    let (site, opts, out) = built_sample_site();
    let inodes = || -> Vec<(String, u64)> {
        let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(out.join("search"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().display().to_string(), inode(e.path())))
            .collect();
        files.sort();
        files
    };
    let before = inodes();
    let seed = site.path().join("content/000_a202247ae16cea6a.txt");
    let text = std::fs::read_to_string(&seed).unwrap_or_default();
    write(&seed, text.replace("كشف وزير", "أكد وزير").as_bytes());
    build_ok(&opts);
    let after = inodes();
    assert_eq!(before.len(), after.len());
    let changed: Vec<&String> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, _)| &b.0)
        .collect();
    // One word out and one in: their two shards, at most their two prefix
    // dictionaries, the story's result file.
    assert!(
        !changed.is_empty() && changed.len() <= 5,
        "{} of {} index files rewritten: {changed:?}",
        changed.len(),
        before.len()
    );
}

#[test]
fn a_new_story_leaves_the_other_stories_result_files_as_they_were() {
    let (site, opts, out) = built_sample_site();
    let first_chunks = || {
        [
            inode(&out.join("search/d/0.json")),
            inode(&out.join("search/d/1.json")),
        ]
    };
    let before = first_chunks();
    write(
        &site.path().join("content/breaking-news.md"),
        "+++\ntitle = \"خبر جديد عن الزيزفون\"\ndate = 2026-11-30T09:00:00Z\n+++\n\nنص الخبر الجديد.\n"
            .as_bytes(),
    );
    build_ok(&opts);
    assert_eq!(
        first_chunks(),
        before,
        "documents are numbered oldest first: the new story is the last"
    );
    let last = read(&out, "search/d/2.json");
    assert!(last.contains("خبر جديد عن الزيزفون"), "{last}");
}

#[test]
fn serve_keeps_the_index_current_after_an_edit() {
    use crate::common::serve::{get, wait_for, Server};
    let site = sample_site();
    let server = Server::start(site.path(), &["--port", "0"]);
    let meta: serde_json::Value =
        serde_json::from_str(&get(server.port, "/search/index.json").text()).unwrap_or_default();
    let shards = meta["shards"].as_u64().unwrap_or(16) as usize;
    let word = "زيزفونيات";
    let term = sahifa::search_terms(word).join("");
    let shard = format!("/search/t/{}.json", sahifa::search_shard_of(&term, shards));
    assert!(!get(server.port, &shard).text().contains(&term));
    let seed = site.path().join("content/000_a202247ae16cea6a.txt");
    let text = std::fs::read_to_string(&seed).unwrap_or_default();
    write(
        &seed,
        text.replace("كشف وزير", &format!("{word} كشف وزير"))
            .as_bytes(),
    );
    wait_for(server.port, &shard, &format!("\"{term}\""));
}
