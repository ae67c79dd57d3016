//! Front matter: TOML between `+++` lines (Zola) or YAML between `---` lines
//! (Hugo, Jekyll), read into one JSON-like value so both get the same checks.

use serde_json::{Map, Value};

/// A front matter problem, with the line in the file when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
}

impl FrontMatterError {
    fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        FrontMatterError {
            line,
            message: message.into(),
        }
    }
}

/// The parts of a Markdown file.
#[derive(Debug)]
pub struct Split<'a> {
    pub fields: Map<String, Value>,
    pub body: &'a str,
    /// The line number of the body's first line.
    pub body_line: usize,
}

/// Splits `text` into front matter fields and body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.trim_start_matches('\u{FEFF}');
    let first_line = text.lines().next().unwrap_or("").trim_end();
    let (fence, is_toml) = match first_line {
        "+++" => ("+++", true),
        "---" => ("---", false),
        _ => {
            return Err(FrontMatterError::new(
                Some(1),
                "no front matter: a Markdown article starts with `+++` (TOML) or `---` (YAML) \
                 and gives at least title and date",
            ))
        }
    };
    let start = first_line.len() + 1;
    let mut offset = start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = line.trim_end();
        if trimmed == fence || (!is_toml && trimmed == "...") {
            let matter = &text[start.min(offset)..offset];
            check_size_and_depth(matter)?;
            let fields = if is_toml {
                toml_fields(matter)
            } else {
                yaml_fields(matter)
            }
            .map_err(|e| FrontMatterError::new(e.line.map(|l| l + 1), e.message))?;
            return Ok(Split {
                fields,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::new(
        Some(1),
        format!("front matter opened with `{fence}` on line 1 is never closed"),
    ))
}

/// Front matter longer than this is refused before parsing: a few lines of
/// metadata never come near it.
const MAX_FRONT_MATTER: usize = 64 * 1024;
/// Lists and tables nested deeper than this are refused before parsing (the
/// parsers' time grows fast with depth: 100,000 `[` took 12 s).
const MAX_FRONT_MATTER_DEPTH: usize = 32;

fn check_size_and_depth(matter: &str) -> Result<(), FrontMatterError> {
    if matter.len() > MAX_FRONT_MATTER {
        return Err(FrontMatterError::new(
            Some(2),
            format!(
                "the front matter is {} KB; at most {} KB is read (put long text in the body)",
                matter.len() / 1024,
                MAX_FRONT_MATTER / 1024
            ),
        ));
    }
    let mut depth = 0usize;
    for (n, line) in matter.lines().enumerate() {
        for b in line.bytes() {
            match b {
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_FRONT_MATTER_DEPTH {
                return Err(FrontMatterError::new(
                    Some(n + 2),
                    format!(
                        "the front matter nests lists or tables more than {MAX_FRONT_MATTER_DEPTH} deep"
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn toml_fields(text: &str) -> Result<Map<String, Value>, FrontMatterError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        FrontMatterError::new(
            line,
            format!("bad TOML front matter: {}", e.message().trim()),
        )
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn yaml_fields(text: &str) -> Result<Map<String, Value>, FrontMatterError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        FrontMatterError::new(line, format!("bad YAML front matter: {e}"))
    })?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontMatterError::new(
            Some(1),
            "YAML front matter must be a mapping of `key: value` lines",
        )),
    }
}

/// Typed access to front matter fields with messages that name the key.
pub(crate) struct Fields<'a>(pub &'a Map<String, Value>);

impl Fields<'_> {
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(format!("`{name}` must be text, not {}", kind(other))),
        }
    }

    pub(crate) fn bool(&self, name: &str) -> Result<bool, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(format!(
                "`{name}` must be true or false, not {}",
                kind(other)
            )),
        }
    }

    /// A list of strings; a single string counts as a list of one.
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, String> {
        list_of_strings(self.0.get(name), name)
    }
}

pub(crate) fn list_of_strings(value: Option<&Value>, name: &str) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "`{name}` must be a list of text, but holds {}",
                    kind(other)
                )),
            })
            .collect(),
        Some(other) => Err(format!(
            "`{name}` must be a list of text, not {}",
            kind(other)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn huge_or_deeply_nested_front_matter_is_refused_before_parsing() {
        let deep = format!("---\ntitle: {}\n---\nنص\n", "[".repeat(1_000));
        let e = split(&deep).err();
        let e = e.unwrap_or_else(|| panic!("accepted"));
        assert!(
            e.message.contains("more than 32 deep") && e.line == Some(2),
            "{:?} {}",
            e.line,
            e.message
        );
        for long in [
            format!("+++\ntitle = \"{}\"\n+++\nنص\n", "ا".repeat(40_000)),
            format!("---\ntitle: {}\n---\nنص\n", "[".repeat(100_000)),
        ] {
            let e = split(&long).err();
            assert!(e.is_some_and(|e| e.message.contains("at most 64 KB")));
        }
        let fine = "+++\ntitle = \"خبر\"\ntags = [[\"a\"], {x = [1]}]\n+++\nنص\n";
        assert!(split(fine).is_ok());
    }

    use super::*;

    #[test]
    fn toml_front_matter() {
        let s = split("+++\ntitle = \"عنوان\"\ndate = 2025-11-08\n+++\n\nالنص\n");
        let s = s.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.fields["title"], "عنوان");
        assert_eq!(s.fields["date"], "2025-11-08");
        assert_eq!(s.body, "\nالنص\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: عنوان\ntags: [سياسة, سوريا]\n---\nالنص");
        let s = s.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.fields["title"], "عنوان");
        assert_eq!(
            Fields(&s.fields).strings("tags").ok(),
            Some(vec!["سياسة".into(), "سوريا".into()])
        );
        assert_eq!(s.body, "النص");
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        let e = split("+++\ntitle = \"x\"\nالنص").err();
        assert!(e.is_some_and(|e| e.message.contains("never closed")));
        let e = split("# عنوان\nنص").err();
        assert!(e.is_some_and(|e| e.message.contains("no front matter")));
    }

    #[test]
    fn bad_toml_names_the_file_line() {
        let e = split("+++\ntitle = \"x\"\ndate = = 3\n+++\n").err();
        let e = e.unwrap_or_else(|| panic!("bad TOML must fail"));
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("TOML"));
    }

    #[test]
    fn bad_yaml_is_reported() {
        let e = split("---\ntitle: [unclosed\n---\n").err();
        assert!(e.is_some_and(|e| e.message.contains("YAML")));
    }

    #[test]
    fn wrong_types_name_the_key() {
        let s = split("+++\ntitle = 3\ntags = [1]\ndraft = \"yes\"\n+++\n");
        let s = s.unwrap_or_else(|e| panic!("{e:?}"));
        let f = Fields(&s.fields);
        assert_eq!(f.string("title").ok().flatten().as_deref(), Some("3"));
        assert!(f.strings("tags").is_err_and(|m| m.contains("`tags`")));
        assert!(f.bool("draft").is_err_and(|m| m.contains("`draft`")));
    }
}
