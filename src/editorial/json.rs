//! The report as JSON, for newsroom tooling and CI: one object per finding
//! (kind, level, file, line, message, page, data). The schema is versioned
//! (`version`) and documented in the README; a field is never renamed or
//! given another meaning without a new version.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{site_relative, ReportSite};
use crate::report::{Kind, Report};

/// The `schema` field: what this document is.
pub(crate) const SCHEMA: &str = "sahifa-report";
/// The schema's version: raised when a field changes meaning or goes away.
pub(crate) const VERSION: u32 = 1;

/// The report document, its fields in the order the README lists them.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    version: u32,
    generator: String,
    counts: Counts,
    /// Every kind a finding can have in this version.
    kinds: Vec<&'static str>,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Findings of each kind present.
    by_kind: Map<String, Value>,
}

#[derive(Serialize)]
struct Finding<'a> {
    kind: &'static str,
    level: &'static str,
    file: Option<String>,
    line: Option<usize>,
    message: String,
    page: Option<&'a str>,
    data: Value,
}

/// The whole report as a JSON document (pretty-printed, fields in schema
/// order).
pub(crate) fn to_json(report: &Report, site: &ReportSite) -> String {
    let findings: Vec<Finding> = report
        .diagnostics
        .iter()
        .map(|d| {
            let message = match &d.context {
                Some(context) => format!("{} ({context})", d.message),
                None => d.message.clone(),
            };
            let file = d.file.as_deref().map(|f| site_relative(f, site.root));
            Finding {
                kind: d.kind.name(),
                level: d.level.label(),
                page: file.as_deref().and_then(|f| site.page_of(f)),
                file,
                line: d.line,
                message,
                data: d.data(),
            }
        })
        .collect();
    let mut by_kind = Map::new();
    for (kind, group) in report.by_kind() {
        by_kind.insert(kind.name().into(), group.len().into());
    }
    let document = Document {
        schema: SCHEMA,
        version: VERSION,
        generator: format!("sahifa {}", env!("CARGO_PKG_VERSION")),
        counts: Counts {
            errors: report.errors(),
            warnings: report.warnings(),
            notes: report.notes(),
            by_kind,
        },
        kinds: Kind::ALL.iter().map(|k| k.name()).collect(),
        findings,
    };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Diagnostic;
    use serde_json::json;
    use std::collections::HashMap;
    use std::path::Path;

    #[test]
    fn every_finding_has_its_kind_file_line_page_and_data() {
        let mut report = Report::default();
        report.push(
            Diagnostic::note(Some(Path::new("/s/content/a.txt")), Some(3), "no links")
                .of(Kind::Orphan, json!({"title": "عنوان"})),
        );
        report.push(Diagnostic::error(None, None, "bad"));
        let page = crate::editorial::PageRef {
            url: "https://x.org/a/".into(),
            title: "عنوان".into(),
        };
        let pages = HashMap::from([("content/a.txt".to_string(), page)]);
        let site = ReportSite {
            root: Path::new("/s"),
            pages: &pages,
        };
        let text = to_json(&report, &site);
        assert!(text
            .trim_start()
            .starts_with("{\n  \"schema\": \"sahifa-report\""));
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["schema"], "sahifa-report");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["counts"]["notes"], 1);
        assert_eq!(doc["counts"]["errors"], 1);
        assert_eq!(doc["counts"]["by_kind"]["orphan"], 1);
        let first = &doc["findings"][0];
        assert_eq!(first["kind"], "orphan");
        assert_eq!(first["level"], "note");
        assert_eq!(first["file"], "content/a.txt");
        assert_eq!(first["line"], 3);
        assert_eq!(first["page"], "https://x.org/a/");
        assert_eq!(first["data"]["title"], "عنوان");
        let second = &doc["findings"][1];
        assert_eq!(second["kind"], "build");
        assert_eq!(second["file"], Value::Null);
        assert_eq!(second["data"], Value::Null);
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
    }
}
