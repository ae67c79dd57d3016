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
    simple_toml(text).map_or_else(|| parsed_toml(text), Ok)
}

fn parsed_toml(text: &str) -> Result<Map<String, Value>, FrontMatterError> {
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

/// The front matter nearly every article has — `key = "text"`, a date, a
/// whole number, `true`/`false`, a one-line list of texts — read without
/// the TOML parser, which cost a sixth of a Markdown article's parse.
/// Anything else, or anything this does not fully understand (comments,
/// tables, other escapes, times without seconds, a key given twice…), is
/// `None` and goes to `toml`, so what it accepts reads exactly as `toml`
/// reads it (`simple_front_matter_reads_as_toml_does`).
fn simple_toml(text: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    for line in text.lines() {
        let line = line.trim_matches([' ', '\t']);
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.trim_end_matches([' ', '\t']);
        let bare = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        if key.is_empty() || !key.bytes().all(bare) {
            return None;
        }
        let (value, rest) = simple_value(value.trim_start_matches([' ', '\t']))?;
        if !rest.is_empty() || fields.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(fields)
}

/// A value [`simple_toml`] reads, and what follows it on the line.
fn simple_value(text: &str) -> Option<(Value, &str)> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'"' => basic_string(text).map(|(s, rest)| (Value::String(s), rest)),
        b'[' => {
            let mut items = Vec::new();
            let mut rest = text[1..].trim_start_matches([' ', '\t']);
            loop {
                if let Some(after) = rest.strip_prefix(']') {
                    return Some((Value::Array(items), after));
                }
                let (item, after) = basic_string(rest)?;
                items.push(Value::String(item));
                rest = after.trim_start_matches([' ', '\t']);
                match rest.as_bytes().first()? {
                    b',' => rest = rest[1..].trim_start_matches([' ', '\t']),
                    b']' => {}
                    _ => return None,
                }
            }
        }
        b't' if text == "true" => Some((Value::Bool(true), "")),
        b'f' if text == "false" => Some((Value::Bool(false), "")),
        _ => simple_date(text)
            .map(|d| (Value::String(d.to_string()), ""))
            .or_else(|| simple_integer(text).map(|i| (Value::from(i), ""))),
    }
}

/// A one-line `"…"` at the start of `text` without control characters and
/// with only the common escapes; the text and what follows it.
fn basic_string(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[at + 1..])),
            '\\' => out.push(match chars.next()?.1 {
                '"' => '"',
                '\\' => '\\',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                _ => return None,
            }),
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    None
}

/// `YYYY-MM-DD`, or with `THH:MM:SS` and `Z` or `±HH:MM`, a real date and
/// time: the text `toml` gives back for it.
fn simple_date(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)?;
    if b.len() == 10 {
        return Some(text);
    }
    let time_ok = b.get(10) == Some(&b'T')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':')
        && digits(11..13)? < 24
        && digits(14..16)? < 60
        && digits(17..19)? < 60;
    let offset_ok = match &b[19.min(b.len())..] {
        b"Z" => true,
        // `toml` writes -00:00 as +00:00.
        b"-00:00" => false,
        [b'+' | b'-', _, _, b':', _, _] => digits(20..22)? < 24 && digits(23..25)? < 60,
        _ => false,
    };
    (time_ok && offset_ok).then_some(text)
}

/// A whole number as TOML writes one in decimal (no `+`, `_` or leading 0).
fn simple_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| text.parse().ok()).flatten()
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
    use super::*;

    /// Every simple front matter reads as `toml` reads it, and what the
    /// fast path does not take (or takes wrongly) is left to `toml`.
    #[test]
    fn simple_front_matter_reads_as_toml_does() {
        let taken = [
            "title = \"خبر\"\ndate = 2021-04-14\n",
            "title=\"a\"\n\n  city = \"حلب\"  \n",
            "read_also = [\"وزير: \\\"لن\\\" في تونس\", \"ب\\\\ج\"]\n",
            "tags = []\ntags_b = [ ]\nx = [\"a\",]\ny = [ \"a\" , \"b\" ]\n",
            "draft = true\nlive = false\nweight = 0\nn = -12\nm = 9223372036854775807\n",
            "date = 2024-02-29\n",
            "date = 2021-04-14T10:30:00+03:00\nupdated = 2021-04-14T23:59:59Z\nz = 1999-12-31T00:00:00-05:30\n",
            "s = \"tab\\there\\nnew \\r \\b \\f\"\n",
            "title = \"\u{200f}نص\u{202b}\"\nkey_with-dash_1 = \"x\"\n",
            "title = \"a = b\"\n",
            "",
        ];
        for text in taken {
            let fast = simple_toml(text).unwrap_or_else(|| panic!("not taken: {text:?}"));
            let slow = parsed_toml(text).unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
            assert_eq!(fast, slow, "{text:?}");
        }
        let left = [
            "# a comment\ntitle = \"x\"\n",
            "title = \"x\" # comment\n",
            "title = 'literal'\n",
            "title = \"\"\"\nmulti\"\"\"\n",
            "title = \"\\u0041\"\n",
            "title = \"a\"\ntitle = \"b\"\n",
            "a.b = 1\n",
            "\"quoted\" = 1\n",
            "[extra]\nx = 1\n",
            "x = { a = 1 }\n",
            "x = [1, 2]\n",
            "x = [\"a\", [\"b\"]]\n",
            "x = 1.5\n",
            "x = +1\n",
            "x = 01\n",
            "x = 1_000\n",
            "x = 99999999999999999999\n",
            "date = 2023-02-29\n",
            "date = 2021-13-01\n",
            "date = 2021-04-14 10:30:00Z\n",
            "date = 2021-04-14T10:30Z\n",
            "date = 2021-04-14T10:30:00.5Z\n",
            "date = 2021-04-14T10:30:00\n",
            "date = 2021-04-14T10:30:00-00:00\n",
            "date = 2021-04-14T24:00:00Z\n",
            "title = \"tab\there\"\n",
            "title = \"open\n",
            "title\n",
            "= \"x\"\n",
            "x = \"a\" \"b\"\n",
            "x = truex\n",
        ];
        for text in left {
            assert_eq!(simple_toml(text), None, "taken: {text:?}");
        }
    }

    proptest::proptest! {
        /// Lines made of the pieces front matter is made of, in any order:
        /// whatever the fast path takes, `toml` reads the same.
        #[test]
        fn whatever_the_fast_path_takes_toml_reads_the_same(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "title", "date", "x-y_1", " ", "\t", "=", "\"", "\\", "\\\"", "\\u0041",
                    "[", "]", ",", "\n", "\r\n", "#", "'", ".", "خبر", "\u{200f}", "true",
                    "false", "0", "-", "12", "2021-04-14", "T10:30:00", "Z", "+03:00",
                    "-00:00", "\\n", "{", "}",
                ]),
                0..24,
            )
        ) {
            let text = pieces.concat();
            if let Some(fast) = simple_toml(&text) {
                let slow = parsed_toml(&text).map_err(|e| e.message);
                proptest::prop_assert_eq!(Ok(fast), slow, "{:?}", text);
            }
        }
    }

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
