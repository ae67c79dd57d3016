//! Diagnostics: user mistakes are values, collected from every stage and shown
//! at the end, never panics.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

/// One finding about the user's input, pointing at a file and line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Level::Error, file, line, message)
    }

    pub fn warning(file: Option<&Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Level::Warning, file, line, message)
    }

    fn new(
        level: Level,
        file: Option<&Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level,
            file: file.map(Path::to_path_buf),
            line,
            message: message.into(),
        }
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
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        let location = self.location();
        if location.is_empty() {
            write!(f, "{level}: {}", self.message)
        } else {
            write!(f, "{level}: {location}: {}", self.message)
        }
    }
}

/// Everything the stages had to say, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.count(Level::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Level::Warning)
    }

    fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Sorts by file, then line, so reports read the same on every run.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
