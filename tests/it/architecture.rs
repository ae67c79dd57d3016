//! The dependency rule (ARCHITECTURE.md): a module may use only modules of
//! earlier layers. Read from the `crate::` paths in `src/`, so an import
//! against the order fails here the moment it is written.

use std::path::Path;

/// The layers, earliest first. A module may use any module of an earlier
/// layer and none of its own or a later one: no two modules use each other,
/// so there is no import cycle.
const LAYERS: [&[&str]; 21] = [
    &["report"],
    &["arabic", "html", "theme"],
    &["dates"],
    &["strings"],
    &["config"],
    &["settings"],
    &["load"],
    &["content"],
    &["images"],
    // The resolved site's plain data; the stages below make it.
    &["site"],
    &["permalink", "taxonomy", "front"],
    &["resolve"],
    &["search"],
    &["related"],
    &["editorial"],
    &["render"],
    &["output"],
    &["cache"],
    &["pipeline"],
    // What `serve` drives: loaded state, changes, sinks.
    &["engine"],
    &["build", "serve", "scaffold", "deploy"],
];

/// The stages: `serve` reaches them only through the engine.
const STAGES: [&str; 10] = [
    "load", "content", "images", "resolve", "taxonomy", "search", "related", "render", "cache",
    "pipeline",
];

/// The binary's files (`main.rs` and its modules): they use the library
/// through its exports, not its modules.
const BINARY: [&str; 2] = ["main", "terminal"];

/// The layer of a top-level module.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|modules| modules.contains(&module))
}

/// The top-level module a source file belongs to (`src/render/context.rs`
/// → `render`).
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a line of code names through `crate::`.
fn used_on(line: &str) -> Vec<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `sahifa_crate::x` is not `crate::x`.
            !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, found)| {
            code[at + found.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// Every import against the order in `files` (path under `src/`, text).
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, text) in files {
        let module = module_of(Path::new(rel));
        if module == "lib" || BINARY.contains(&module.as_str()) {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            found.push(format!("{rel}: module `{module}` is in no layer"));
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for used in used_on(line) {
                if used == module {
                    continue;
                }
                let allowed = layer_of(&used).is_some_and(|theirs| theirs < own);
                if !allowed {
                    found.push(format!(
                        "src/{rel}:{}: `{module}` uses `{used}`, which is not an earlier layer",
                        n + 1
                    ));
                }
            }
        }
    }
    found
}

fn sources() -> Vec<(String, String)> {
    let src = crate::common::repo().join("src");
    walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&src).unwrap_or(e.path());
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (rel.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn every_module_uses_only_earlier_layers() {
    let files = sources();
    assert!(files.len() > 20, "read too few sources: {}", files.len());
    let found = violations(&files);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn serve_uses_the_engine_never_a_stage() {
    let mut found = Vec::new();
    for (rel, text) in sources()
        .iter()
        .filter(|(rel, _)| rel.starts_with("serve/"))
    {
        for (n, line) in text.lines().enumerate() {
            for used in used_on(line) {
                if STAGES.contains(&used.as_str()) {
                    found.push(format!("src/{rel}:{}: `serve` uses `{used}`", n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert!(
        sources()
            .iter()
            .any(|(rel, text)| rel == "serve/mod.rs" && text.contains("crate::engine")),
        "serve drives the engine"
    );
}

#[test]
fn an_import_against_the_order_is_caught() {
    let file = |rel: &str, text: &str| vec![(rel.to_string(), text.to_string())];
    // The cycle this rule was written against: load reaching up to cache.
    let found = violations(&file(
        "load/mod.rs",
        "use crate::cache::{file_stamp, FileStamp};\n",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("src/load/mod.rs:1: `load` uses `cache`"),
        "{found:?}"
    );
    // serve must not use build: the drivers share the pipeline instead.
    let found = violations(&file(
        "serve/mod.rs",
        "    let x = crate::build::prepare(o);\n",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    // Earlier layers, comments and a module's own paths are fine.
    let fine = "use crate::report::Diagnostic;\n// crate::build::x\nuse crate::render::Page;\n";
    assert!(violations(&file("output.rs", fine)).is_empty());
    // The site's data is made by resolve, never the other way round, and
    // two modules of one layer do not use each other (no cycle).
    assert_eq!(
        violations(&file("site.rs", "use crate::resolve::x;\n")).len(),
        1
    );
    assert_eq!(
        violations(&file("front.rs", "use crate::taxonomy::x;\n")).len(),
        1
    );
    assert!(violations(&file("front.rs", "use crate::site::Group;\n")).is_empty());
    assert!(
        !violations(&file("newthing.rs", "")).is_empty(),
        "a new module needs a layer"
    );
}
