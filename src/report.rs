//! Diagnostics: user mistakes are values, collected from every stage and shown
//! at the end, never panics. Each has a [`Kind`]: the editorial report
//! (`sahifa check --format text|json|html`, see `editorial`) groups by it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth knowing, nothing wrong: a scheduled story left out until its time.
    Note,
    /// The build goes on; `--strict` fails it.
    Warning,
    /// Part of the input is left out (a file that does not parse); the
    /// rest is built and the command exits with failure.
    Error,
}

impl Level {
    /// How the level is printed: `note`, `warning`, `error`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What a finding is about: the editorial report groups by it, and its
/// name is the `kind` of the JSON report (a stable, documented vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Kind {
    /// Anything that stops a file, a setting or a template from building as
    /// meant: unreadable files, bad dates, template errors, …
    #[default]
    Build,
    /// A read-also title that names no article (with the closest ones).
    UnresolvedReadAlso,
    /// A read-also title linked only through a fuzzy match: the desk can
    /// correct its spelling.
    FuzzyReadAlso,
    /// A read-also target missing from the site, published from the text
    /// pasted under its title (`materialize_read_also`).
    MaterializedReadAlso,
    /// Two or more articles with the same headline (up to spelling).
    DuplicateTitle,
    /// Nothing links to the article by read-also and it links to nothing.
    Orphan,
    /// Dated after now: left out until then, or built with `--future`.
    Scheduled,
    /// Dated before 1990: most often a date misread or mistyped.
    EarlyDate,
    /// An article without a body, or with only a few words of one.
    EmptyBody,
    /// A body of fewer words than a story needs.
    ShortBody,
    /// A picture that cannot be used (missing, broken, too large, …).
    Image,
    /// A section missing from `site.toml`'s `[[sections]]`.
    UnknownSection,
    /// Two tags (or other terms) one letter apart: likely one tag misspelt.
    NearDuplicateTags,
    /// Lines of a raw file left out of the story as page debris (menus,
    /// share rows, comment forms …), each with its reason.
    Debris,
    /// A story corrected after publication (its corrections listed).
    Correction,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 15] = [
        Kind::Build,
        Kind::UnresolvedReadAlso,
        Kind::FuzzyReadAlso,
        Kind::MaterializedReadAlso,
        Kind::DuplicateTitle,
        Kind::Orphan,
        Kind::Scheduled,
        Kind::EarlyDate,
        Kind::EmptyBody,
        Kind::ShortBody,
        Kind::Image,
        Kind::UnknownSection,
        Kind::NearDuplicateTags,
        Kind::Debris,
        Kind::Correction,
    ];

    /// The name in the JSON report and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Build => "build",
            Kind::UnresolvedReadAlso => "unresolved_read_also",
            Kind::FuzzyReadAlso => "fuzzy_read_also",
            Kind::MaterializedReadAlso => "materialized_read_also",
            Kind::DuplicateTitle => "duplicate_title",
            Kind::Orphan => "orphan",
            Kind::Scheduled => "scheduled",
            Kind::EarlyDate => "early_date",
            Kind::EmptyBody => "empty_body",
            Kind::ShortBody => "short_body",
            Kind::Image => "image",
            Kind::UnknownSection => "unknown_section",
            Kind::NearDuplicateTags => "near_duplicate_tags",
            Kind::Debris => "debris",
            Kind::Correction => "correction",
        }
    }

    /// The kind named `name` (see [`Kind::name`]).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What the group is called in the text report.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Build => "build problems",
            Kind::UnresolvedReadAlso => "unresolved read-also",
            Kind::FuzzyReadAlso => "read-also linked by a fuzzy match",
            Kind::MaterializedReadAlso => "read-also published from pasted text",
            Kind::DuplicateTitle => "duplicate titles",
            Kind::Orphan => "orphan articles",
            Kind::Scheduled => "scheduled (dated in the future)",
            Kind::EarlyDate => "dated before 1990",
            Kind::EmptyBody => "empty bodies",
            Kind::ShortBody => "very short bodies",
            Kind::Image => "pictures",
            Kind::UnknownSection => "unknown sections",
            Kind::NearDuplicateTags => "near-duplicate tags",
            Kind::Debris => "page debris left out of raw text",
            Kind::Correction => "corrected stories",
        }
    }

    /// Findings about a read-also title (their data's `title` is the
    /// title as the referring story wrote it).
    pub fn is_read_also(self) -> bool {
        matches!(
            self,
            Kind::UnresolvedReadAlso | Kind::FuzzyReadAlso | Kind::MaterializedReadAlso
        )
    }

    /// Findings about the archive rather than about this build: `build`
    /// counts them in one line (`sahifa check` lists them), instead of
    /// printing thousands of orphans on every run.
    pub fn editorial(self) -> bool {
        matches!(
            self,
            Kind::FuzzyReadAlso
                | Kind::MaterializedReadAlso
                | Kind::DuplicateTitle
                | Kind::Orphan
                | Kind::EarlyDate
                | Kind::ShortBody
                | Kind::NearDuplicateTags
                | Kind::Debris
                | Kind::Correction
        )
    }
}

/// One finding about the user's input, pointing at a file and line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Note, warning or error.
    pub level: Level,
    /// What the editorial report files it under.
    pub kind: Kind,
    /// The facts behind the message, for tools (the JSON report's `data`):
    /// the candidates of an unresolved read-also, the twins of a duplicate
    /// title, … as JSON text (an object), or `None`. Text, not a
    /// `serde_json::Value`: a large archive has thousands of findings, and
    /// a parsed object costs several times its text ([`Diagnostic::data`]
    /// parses it when asked).
    pub data_json: Option<Box<str>>,
    /// The file it is about, when there is one.
    pub file: Option<PathBuf>,
    /// The line in that file (from 1), when known.
    pub line: Option<usize>,
    /// What happened, in an editor's words.
    pub message: String,
    /// Where it happened, when that is not the file: "while rendering the
    /// teaser of …". Identical diagnostics that differ only here are
    /// reported once (see [`Report::merge_repeats`]).
    pub context: Option<String>,
}

impl Diagnostic {
    /// An error about `file` (and `line`).
    pub fn error(file: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, file, line, message)
    }

    /// A warning about `file` (and `line`).
    pub fn warning(file: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Level::Warning, file, line, message)
    }

    /// A note about `file` (and `line`).
    pub fn note(file: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Level::Note, file, line, message)
    }

    fn new(
        level: Level,
        file: Option<&Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level,
            kind: Kind::Build,
            data_json: None,
            file: file.map(Path::to_path_buf),
            line,
            message: message.into(),
            context: None,
        }
    }

    /// The same diagnostic, of kind `kind` with `data` behind it.
    pub fn of(mut self, kind: Kind, data: serde_json::Value) -> Self {
        self.kind = kind;
        // A `Value` always serialises.
        self.data_json = (!data.is_null()).then(|| data.to_string().into_boxed_str());
        self
    }

    /// The data behind the message (`Null` when there is none).
    pub fn data(&self) -> serde_json::Value {
        self.data_json
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }

    /// The same diagnostic, saying where it happened.
    pub fn within(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    /// The same diagnostic with its file shown relative to `base` when it
    /// lies under it (the current folder, for messages on a terminal).
    pub fn relative_to(mut self, base: &Path) -> Self {
        if let Some(rel) = self.file.as_ref().and_then(|f| f.strip_prefix(base).ok()) {
            self.file = Some(rel.to_path_buf());
        }
        self
    }

    /// `content/a.txt:2: message (context)`: the diagnostic without its level.
    ///
    /// Safe to print: control characters and bidi overrides from file names,
    /// titles or anything else a message quotes are shown escaped, and the
    /// lines after the first are indented, so no text in a file can forge a
    /// line of the log (`error: …`) or rearrange the terminal.
    pub fn describe(&self) -> String {
        let location = printable(&self.location()).into_owned();
        let mut text = if location.is_empty() {
            String::new()
        } else {
            format!("{location}: ")
        };
        // The context goes after the first line: a template error's source
        // excerpt follows it.
        let mut lines = self.message.split('\n');
        text.push_str(&printable(lines.next().unwrap_or_default()));
        if let Some(context) = &self.context {
            text.push_str(&format!(" ({})", printable(context)));
        }
        for line in lines {
            text.push_str("\n    ");
            text.push_str(&printable(line));
        }
        text
    }

    /// `content/a.txt:2` or `content/a.txt` or empty.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), Some(l)) => format!("{}:{l}", f.display()),
            (Some(f), None) => f.display().to_string(),
            (None, _) => String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.level.label(), self.describe())
    }
}

/// `text` fit for a terminal line: control characters (newlines, escape
/// sequences, …) and the bidi controls that reorder or hide text (embeddings,
/// overrides, isolates) written as `\u{…}`; everything else as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The known name closest to a mistyped one, when it is close enough to be
/// what was meant: `auther` → `author`, `per_pgae` → `per_page`.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    let allowed = (typed.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|name| (strsim::damerau_levenshtein(&typed_lower, name), name))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// `1 warning`, `0 warnings`, `2 warnings`: a count with its noun in the
/// right number. English plurals here are regular apart from a few nouns,
/// which callers pass as `many`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// [`count`] for nouns whose plural adds an `s`.
pub fn count_s(n: usize, one: &str) -> String {
    count(n, one, &format!("{one}s"))
}

/// Everything the stages had to say, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// In the order they were found (sorted before printing).
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Level::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Level::Warning)
    }

    /// How many notes.
    pub fn notes(&self) -> usize {
        self.count(Level::Note)
    }

    /// Warnings and errors: what `--strict` refuses (notes are not problems).
    pub fn problems(&self) -> usize {
        self.warnings() + self.errors()
    }

    fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Reports identical diagnostics once. Those that differ only in their
    /// context (one template error met on every listing page) become one
    /// that says how many times it happened and where first.
    pub fn merge_repeats(&mut self) {
        let mut merged: Vec<(Diagnostic, usize)> = Vec::with_capacity(self.diagnostics.len());
        let mut index: std::collections::HashMap<
            (Level, Option<PathBuf>, Option<usize>, String),
            usize,
        > = std::collections::HashMap::new();
        for d in self.diagnostics.drain(..) {
            let key = (d.level, d.file.clone(), d.line, d.message.clone());
            match index.get(&key) {
                Some(&at) => {
                    let (first, times) = &mut merged[at];
                    if first.context != d.context {
                        *times += 1;
                    }
                }
                None => {
                    index.insert(key, merged.len());
                    merged.push((d, 1));
                }
            }
        }
        self.diagnostics = merged
            .into_iter()
            .map(|(mut d, times)| {
                if times > 1 {
                    d.context = Some(match d.context {
                        Some(first) => format!("{} times; first {first}", times),
                        None => format!("{times} times"),
                    });
                }
                d
            })
            .collect();
    }

    /// Sorts by file, then line, so reports read the same on every run.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    }

    /// The diagnostics grouped by kind, in [`Kind::ALL`]'s order, each group
    /// in the report's order; kinds with none are left out.
    pub fn by_kind(&self) -> Vec<(Kind, Vec<&Diagnostic>)> {
        let mut groups: Vec<(Kind, Vec<&Diagnostic>)> =
            Kind::ALL.iter().map(|&k| (k, Vec::new())).collect();
        for d in &self.diagnostics {
            if let Some((_, group)) = groups.iter_mut().find(|(k, _)| *k == d.kind) {
                group.push(d);
            }
        }
        groups.retain(|(_, group)| !group.is_empty());
        groups
    }

    /// `orphan articles (2), duplicate titles (1)`: counts of the editorial
    /// kinds ([`Kind::editorial`]); empty when there are none.
    pub fn editorial_counts(&self) -> String {
        self.by_kind()
            .into_iter()
            .filter(|(kind, _)| kind.editorial())
            .map(|(kind, group)| format!("{} ({})", kind.title(), group.len()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_diagnostics_cannot_forge_log_lines_or_reorder_the_terminal() {
        let forged = Diagnostic::warning(
            Some(Path::new("content/a\nerror: b.txt")),
            Some(3),
            "read-also «x\nerror: everything is broken\u{1b}[2J» matches no article",
        );
        let text = forged.to_string();
        assert!(!text.lines().any(|l| l.starts_with("error:")), "{text}");
        assert!(text.contains("content/a\\u{a}error: b.txt:3"), "{text}");
        assert!(text.contains("\\u{1b}[2J"), "{text}");
        let bidi = Diagnostic::warning(None, None, "«\u{202e}txt.exe» and «\u{2067}x»");
        assert!(!bidi.to_string().contains('\u{202e}'));
        assert!(bidi.to_string().contains("\\u{202e}txt.exe"));
        assert_eq!(printable("خبر\tعاجل"), "خبر\tعاجل");
    }

    #[test]
    fn formats_with_file_and_line() {
        let d = Diagnostic::error(Some(Path::new("content/a.txt")), Some(2), "bad date");
        assert_eq!(d.to_string(), "error: content/a.txt:2: bad date");
        let w = Diagnostic::warning(None, None, "no base_url");
        assert_eq!(w.to_string(), "warning: no base_url");
    }

    #[test]
    fn counts_and_sorts() {
        let mut r = Report::default();
        r.push(Diagnostic::warning(Some(Path::new("b")), Some(1), "x"));
        r.push(Diagnostic::error(Some(Path::new("a")), Some(9), "y"));
        r.sort();
        assert_eq!(r.errors(), 1);
        assert_eq!(r.warnings(), 1);
        assert_eq!(r.diagnostics[0].file.as_deref(), Some(Path::new("a")));
    }

    #[test]
    fn suggests_the_name_that_was_meant() {
        let keys = ["title", "date", "author", "tags", "per_page", "permalink"];
        assert_eq!(did_you_mean("auther", keys), Some("author"));
        assert_eq!(did_you_mean("per_pgae", keys), Some("per_page"));
        assert_eq!(did_you_mean("Title", keys), Some("title"));
        assert_eq!(did_you_mean("tag", keys), Some("tags"));
        assert_eq!(did_you_mean("category", keys), None);
        assert_eq!(did_you_mean("x", keys), None);
    }

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(count_s(0, "warning"), "0 warnings");
        assert_eq!(count_s(1, "warning"), "1 warning");
        assert_eq!(count_s(2, "warning"), "2 warnings");
        assert_eq!(count_s(1_000, "article"), "1000 articles");
        assert_eq!(count(1, "entry", "entries"), "1 entry");
        assert_eq!(count(3, "entry", "entries"), "3 entries");
    }

    #[test]
    fn identical_diagnostics_are_reported_once_with_a_count() {
        let mut r = Report::default();
        let broken = |page: &str| {
            Diagnostic::error(
                Some(Path::new("templates/teaser.html")),
                Some(1),
                "no `nope`",
            )
            .within(format!("while rendering {page}"))
        };
        r.push(broken("/"));
        r.push(broken("/2025/"));
        r.push(broken("/2025/11/"));
        r.push(Diagnostic::error(
            Some(Path::new("site.toml")),
            Some(3),
            "bad",
        ));
        r.push(Diagnostic::error(
            Some(Path::new("site.toml")),
            Some(3),
            "bad",
        ));
        r.merge_repeats();
        assert_eq!(r.diagnostics.len(), 2);
        assert_eq!(
            r.diagnostics[0].to_string(),
            "error: templates/teaser.html:1: no `nope` (3 times; first while rendering /)"
        );
        assert_eq!(r.diagnostics[1].to_string(), "error: site.toml:3: bad");
    }

    #[test]
    fn paths_are_shown_relative_to_the_current_folder() {
        let d = Diagnostic::warning(Some(Path::new("/site/content/a.txt")), Some(2), "x");
        assert_eq!(
            d.clone().relative_to(Path::new("/site")).to_string(),
            "warning: content/a.txt:2: x"
        );
        assert_eq!(
            d.relative_to(Path::new("/elsewhere")).to_string(),
            "warning: /site/content/a.txt:2: x"
        );
    }
}
