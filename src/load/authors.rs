//! Author profiles: `data/authors.toml` (or `.json`, `.yaml`, `.csv`), one
//! entry per writer keyed by the name as bylines write it — matched to the
//! byline by the key terms are grouped by, so «أحمد الشريف» and «احمد
//! الشريف» are one writer — with `role`, `photo`, `bio` and `links`.
//! Templates see the file as it is (`data.authors`); this reads what the
//! theme shows. A profile's mistake is a warning naming the file, and the
//! rest of the profile is used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::data::DATA_DIR;
use crate::arabic::normalize::term_key;
use crate::report::Diagnostic;

/// The data file's name (`data.authors`).
pub(crate) const AUTHORS: &str = "authors";

/// One writer's profile as the data file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Profile {
    /// The name as the data file writes it.
    pub name: String,
    /// The key bylines are matched by ([`term_key`]).
    pub key: String,
    /// «مراسل الشؤون الاقتصادية»; empty when not given.
    pub role: String,
    pub bio: String,
    /// The picture as written (a path under `static/` or `content/`, or a
    /// URL); empty when not given.
    pub photo: String,
    /// The writer's pages elsewhere: http(s) addresses.
    pub links: Vec<String>,
}

/// The profiles of `data` (the site's data files), and their problems.
pub(crate) fn author_profiles(root: &Path, data: &Value) -> (Vec<Profile>, Vec<Diagnostic>) {
    let mut notes = Vec::new();
    let Some(value) = data.get(AUTHORS) else {
        return (Vec::new(), notes);
    };
    let file = authors_file(root);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let mut warn = |name: &str, message: String| {
        let line = line_naming(&text, name);
        notes.push(Diagnostic::warning(Some(&file), line, message));
    };
    let entries: Vec<(String, &Map<String, Value>)> = match value {
        Value::Object(table) => table
            .iter()
            .filter_map(|(name, fields)| match fields {
                Value::Object(fields) => Some((name.clone(), fields)),
                _ => {
                    warn(
                        name,
                        format!("the profile of «{name}» is not a table of fields (role, photo, bio, links): left out"),
                    );
                    None
                }
            })
            .collect(),
        // A CSV file (or a list in JSON/YAML): one row per writer, `name` a column.
        Value::Array(rows) => rows
            .iter()
            .filter_map(|row| {
                let fields = row.as_object()?;
                let name = fields.get("name")?.as_str()?.trim();
                (!name.is_empty()).then(|| (name.to_string(), fields))
            })
            .collect(),
        _ => {
            warn("", "authors is neither a table of writers nor a list of them: no profile is shown".into());
            return (Vec::new(), notes);
        }
    };
    let mut profiles: Vec<Profile> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (name, fields) in entries {
        let key = term_key(&name);
        if key.is_empty() {
            continue;
        }
        if let Some(&first) = by_key.get(&key) {
            let first = &profiles[first].name;
            warn(
                &name,
                format!("«{name}» and «{first}» are one writer (the same name spelled differently): the profile of «{first}» is used"),
            );
            continue;
        }
        let mut text_field = |field: &str| match fields.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(_) => {
                warn(
                    &name,
                    format!("`{field}` of «{name}» is not text: the profile goes without it"),
                );
                String::new()
            }
        };
        let role = text_field("role");
        let bio = text_field("bio");
        let photo = text_field("photo");
        let links = links_of(fields.get("links"), &name, &mut warn);
        by_key.insert(key.clone(), profiles.len());
        profiles.push(Profile {
            name,
            key,
            role,
            bio,
            photo,
            links,
        });
    }
    (profiles, notes)
}

/// `links`: a list of http(s) addresses (or one, or a CSV cell of them
/// separated by spaces); anything else is left out with a warning.
fn links_of(value: Option<&Value>, name: &str, warn: &mut impl FnMut(&str, String)) -> Vec<String> {
    let written: Vec<&str> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split_whitespace().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let link = item.as_str();
                if link.is_none() {
                    warn(name, format!("a link of «{name}» is not text: left out"));
                }
                link
            })
            .collect(),
        Some(_) => {
            warn(
                name,
                format!(
                    "`links` of «{name}» is not a list of addresses: the profile goes without them"
                ),
            );
            Vec::new()
        }
    };
    written
        .into_iter()
        .map(str::trim)
        .filter(|link| {
            let good = is_web_address(link);
            if !good {
                warn(
                    name,
                    format!("link «{link}» of «{name}» is not an http(s) address: left out"),
                );
            }
            good
        })
        .map(String::from)
        .collect()
}

/// An http(s) address with a host and nothing a browser would read as the
/// end of an attribute.
fn is_web_address(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
}

/// The file `data.authors` came from (for messages).
pub(crate) fn authors_file(root: &Path) -> PathBuf {
    let dir = root.join(DATA_DIR);
    ["toml", "json", "yaml", "yml", "csv"]
        .iter()
        .map(|ext| dir.join(format!("{AUTHORS}.{ext}")))
        .find(|path| path.is_file())
        .unwrap_or_else(|| dir.join(format!("{AUTHORS}.toml")))
}

/// The first line of `text` naming `name` (1-based), for a message.
fn line_naming(text: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    text.lines()
        .position(|line| line.contains(name))
        .map(|n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles_of(toml: &str) -> (Vec<Profile>, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(DATA_DIR)).unwrap();
        std::fs::write(dir.path().join("data/authors.toml"), toml).unwrap();
        let (data, notes) = super::super::data::read_data(dir.path());
        assert!(notes.is_empty(), "{notes:?}");
        author_profiles(dir.path(), &data)
    }

    #[test]
    fn a_profile_is_read_with_its_name_folded_as_terms_are() {
        let (profiles, notes) = profiles_of(
            "[\"أحمد الشريف\"]\nrole = \"مراسل الشؤون الاقتصادية\"\nphoto = \"/authors/ahmad.jpg\"\nbio = \"يغطي أسواق الخليج.\"\nlinks = [\"https://x.com/ahmad\", \"https://www.linkedin.com/in/ahmad\"]\n",
        );
        assert!(notes.is_empty(), "{notes:?}");
        let p = &profiles[0];
        assert_eq!(p.key, term_key("احمد الشريف"));
        assert_eq!(p.role, "مراسل الشؤون الاقتصادية");
        assert_eq!(p.photo, "/authors/ahmad.jpg");
        assert_eq!(p.links.len(), 2);
    }

    #[test]
    fn a_profiles_mistakes_are_warnings_naming_the_line_and_the_rest_is_used() {
        let (profiles, notes) = profiles_of(
            "\"ليلى\" = \"كاتبة\"\n\n[\"سمير\"]\nrole = 3\nlinks = [\"javascript:alert(1)\", \"https://x.com/samir\"]\n\n[\"سَمير\"]\nbio = \"نسخة\"\n",
        );
        assert_eq!(profiles.len(), 1, "{profiles:?}");
        assert_eq!(profiles[0].links, ["https://x.com/samir"]);
        assert_eq!(profiles[0].role, "");
        let messages: Vec<String> = notes.iter().map(|n| n.message.clone()).collect();
        assert!(
            messages.iter().any(|m| m.contains("`role`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("javascript")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("not a table")),
            "{messages:?}"
        );
        assert!(notes.iter().all(|n| n.line.is_some()), "{notes:?}");
    }
}
