//! Data files: every `data/NAME.toml|json|yaml|yml|csv` beside `site.toml`
//! is `data.NAME` in every template (a folder is a nested table:
//! `data/sport/table.csv` is `data.sport.table`), as Hugo's `site.Data`
//! and Zola's `load_data` give. A CSV file is a list of rows, each a table
//! keyed by the header. A file that does not parse is an error naming its
//! line, and is left out; the others load.

use std::path::Path;

use serde_json::{Map, Value};

use crate::report::Diagnostic;

/// The folder of data files, beside `site.toml`.
pub(crate) const DATA_DIR: &str = "data";
/// The most one data file may hold.
const MAX_DATA_BYTES: u64 = 16 * 1024 * 1024;

/// The site's data files as one table, and what could not be read.
pub(crate) fn read_data(root: &Path) -> (Value, Vec<Diagnostic>) {
    let dir = root.join(DATA_DIR);
    let mut data = Map::new();
    let mut notes = Vec::new();
    if !dir.is_dir() {
        return (Value::Object(data), notes);
    }
    let walk = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !super::is_hidden(e.file_name()));
    for entry in walk.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(format) = Format::of(path) else {
            continue;
        };
        let Some(names) = table_path(&dir, path) else {
            notes.push(Diagnostic::warning(
                Some(path),
                None,
                "a data file's name must be UTF-8 letters, digits, `-` or `_`: left out",
            ));
            continue;
        };
        match read_one(path, format) {
            Ok(value) => insert(&mut data, &names, value),
            Err((line, message)) => notes.push(Diagnostic::error(
                Some(path),
                line,
                format!("{message}: this data file is left out"),
            )),
        }
    }
    (Value::Object(data), notes)
}

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Json,
    Yaml,
    Csv,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// `data/sport/league-table.csv` → `["sport", "league-table"]`.
fn table_path(dir: &Path, path: &Path) -> Option<Vec<String>> {
    let rel = path.strip_prefix(dir).ok()?.with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect()
}

fn insert(data: &mut Map<String, Value>, names: &[String], value: Value) {
    let Some((last, folders)) = names.split_last() else {
        return;
    };
    let mut table = data;
    for folder in folders {
        let entry = table
            .entry(folder.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(inner) = entry else {
            return;
        };
        table = inner;
    }
    table.insert(last.clone(), value);
}

/// One file's value, or the line and reason it does not parse.
fn read_one(path: &Path, format: Format) -> Result<Value, (Option<usize>, String)> {
    let meta = std::fs::metadata(path).map_err(|e| (None, e.to_string()))?;
    if meta.len() > MAX_DATA_BYTES {
        return Err((
            None,
            format!("it is {} bytes, more than 16 MiB", meta.len()),
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| (None, format!("cannot be read as UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    match format {
        Format::Toml => toml::from_str::<Value>(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            (line, e.message().to_string())
        }),
        Format::Json => serde_json::from_str(text).map_err(|e| (Some(e.line()), e.to_string())),
        Format::Yaml => serde_yaml_ng::from_str(text)
            .map_err(|e| (e.location().map(|l| l.line()), e.to_string())),
        Format::Csv => csv_rows(text),
    }
}

/// A CSV file as a list of rows, each keyed by the header's names.
fn csv_rows(text: &str) -> Result<Value, (Option<usize>, String)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| (Some(1), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            (line, e.to_string())
        })?;
        let row: Map<String, Value> = header
            .iter()
            .zip(record.iter())
            .map(|(name, cell)| (name.clone(), Value::from(cell)))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
        dir
    }

    #[test]
    fn every_format_and_folder_becomes_a_table_and_a_broken_file_names_its_line() {
        let site = site_with(&[
            ("data/ticker.toml", "items = [\"عاجل: أول\", \"ثان\"]\n"),
            (
                "data/most_read.json",
                "[{\"title\": \"خبر\", \"url\": \"/a/\"}]",
            ),
            ("data/ads.yaml", "slot: top\nsize: 728x90\n"),
            (
                "data/sport/table.csv",
                "الفريق,النقاط\nالهلال,30\n\"النصر, الرياض\",28\n",
            ),
            ("data/broken.json", "{\n  \"a\": 1,\n  \"b\": \n}\n"),
            ("data/notes.txt", "not data"),
        ]);
        let (data, notes) = read_data(site.path());
        assert_eq!(data["ticker"]["items"][0], "عاجل: أول");
        assert_eq!(data["most_read"][0]["url"], "/a/");
        assert_eq!(data["ads"]["slot"], "top");
        assert_eq!(data["sport"]["table"][1]["الفريق"], "النصر, الرياض");
        assert_eq!(data["sport"]["table"][0]["النقاط"], "30");
        assert!(data.get("broken").is_none() && data.get("notes").is_none());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].line, Some(4), "{:?}", notes[0]);
        assert!(notes[0].message.contains("left out"));
    }
}
