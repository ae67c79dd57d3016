//! The report as an HTML page an editor opens in the browser: right to
//! left, Arabic headings, the findings grouped and counted, each linking to
//! its article's page and to its file. One self-contained file, no script.

use std::fmt::Write;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::Value;

use super::{site_relative, ReportSite};
use crate::html::escape_html as esc;
use crate::report::{Diagnostic, Kind, Level, Report};
use crate::strings::Strings;

/// What a `file://` address escapes in a path (the rest, Arabic included,
/// browsers read as it is).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?');

const STYLE: &str = "\
body{font-family:'Noto Naskh Arabic','Noto Sans Arabic',system-ui,sans-serif;margin:0;background:#f6f5f2;color:#1d1d1b;line-height:1.7}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{margin:0 0 .25rem}h2{border-bottom:2px solid #b3261e;padding-bottom:.25rem;margin-top:2rem}\
.totals{color:#555}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}\
nav a{display:inline-block;padding:.2rem .6rem;border:1px solid #ccc;border-radius:1rem;background:#fff;text-decoration:none;color:inherit}\
ol{padding-inline-start:1.5rem}ol>li{background:#fff;margin:.5rem 0;padding:.5rem .75rem;border-inline-start:4px solid #999;border-radius:.25rem}\
ol>li.error{border-color:#b3261e}ol>li.warning{border-color:#c77700}ol>li.note{border-color:#2e6db4}\
.where{font-size:.85rem;color:#555}li,h1,h2,p{overflow-wrap:anywhere}.message{margin:.25rem 0;font-size:.9rem;color:#333;white-space:pre-line}\
.level{font-size:.75rem;padding:0 .4rem;border-radius:.5rem;background:#eee;margin-inline-end:.4rem}\
.extra{margin:.25rem 0;padding-inline-start:1.25rem}.extra li{border:0;padding:0;margin:0;background:none}\
.count{color:#555;font-weight:normal}\
details{margin:.25rem 0;font-size:.8rem;color:#555}details p{margin:.25rem 0;text-align:left}\
@media (prefers-color-scheme:dark){body{background:#161615;color:#e8e6e1}\
nav a,ol>li{background:#222220;border-color:#444}ol>li.error{border-color:#e5736b}ol>li.warning{border-color:#e0a040}ol>li.note{border-color:#6fa3e0}\
.totals,.where,.count,details{color:#b5b2ab}.message{color:#d8d5cf}.level{background:#3a3a37}a{color:#8fb8ff}h2{border-color:#e5736b}}";

/// The whole report as one HTML page, in the site's words (`strings`: the
/// report's table, overridable in `[strings]`).
pub(crate) fn to_html(report: &Report, site: &ReportSite, strings: &Strings) -> String {
    let t = |key: &str| strings.report_text(key);
    let mut out = String::with_capacity(4096 + report.diagnostics.len() * 512);
    out.push_str(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(t("report_title")));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(out, "<h1>{}</h1>", esc(t("report_title")));
    let _ = writeln!(
        out,
        "<p class=\"totals\">{}: {} · {}: {} · {}: {}</p>",
        esc(t("report_errors")),
        report.errors(),
        esc(t("report_warnings")),
        report.warnings(),
        esc(t("report_notes")),
        report.notes()
    );
    let groups = report.by_kind();
    if groups.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(t("report_clean")));
    }
    let _ = writeln!(out, "<nav aria-label=\"{}\"><ul>", esc(t("report_groups")));
    for (kind, group) in &groups {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{} <span class=\"count\">({})</span></a></li>",
            kind.name(),
            esc(group_title(*kind, strings)),
            group.len()
        );
    }
    out.push_str("</ul></nav>\n");
    for (kind, group) in &groups {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{} <span class=\"count\">({})</span></h2>\n<ol>",
            kind.name(),
            esc(group_title(*kind, strings)),
            group.len()
        );
        for d in group {
            finding(&mut out, d, site, strings);
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A group's heading, in the site's words.
fn group_title(kind: Kind, strings: &Strings) -> &str {
    strings.report_text(&format!("report_group_{}", kind.name()))
}

/// What a finding means for the desk, in the site's words: one sentence a
/// kind (an unresolved read-also says whether readers see it).
fn explanation<'s>(d: &Diagnostic, data: &Value, strings: &'s Strings) -> &'s str {
    let shown = data.get("shown").and_then(Value::as_bool) == Some(true);
    let key = match d.kind {
        Kind::UnresolvedReadAlso if shown => "report_unresolved_read_also_shown".to_string(),
        kind => format!("report_{}", kind.name()),
    };
    strings.report_text(&key)
}

/// `text` escaped, each run of left-to-right words in it (a file name, a
/// setting) isolated so that it cannot reorder the Arabic around it.
fn isolated(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut run = String::new();
    let flush = |out: &mut String, run: &mut String| {
        let trimmed = run.trim_end();
        if trimmed.chars().any(|c| c.is_ascii_alphabetic()) {
            let _ = write!(out, "<bdi dir=\"ltr\">{}</bdi>", esc(trimmed));
            out.push_str(&esc(&run[trimmed.len()..]));
        } else {
            out.push_str(&esc(run));
        }
        run.clear();
    };
    for c in text.chars() {
        let latin = c.is_ascii_alphanumeric() || (!run.is_empty() && "._-/`:= ".contains(c));
        if latin {
            run.push(c);
        } else {
            flush(&mut out, &mut run);
            out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
        }
    }
    flush(&mut out, &mut run);
    out
}

/// One finding: its article (linked to its page), where in which file,
/// what it means in the site's words, what its data adds (candidates,
/// twins, terms), and the technical message folded under it.
fn finding(out: &mut String, d: &Diagnostic, site: &ReportSite, strings: &Strings) {
    let t = |key: &str| strings.report_text(key);
    let file = d.file.as_deref().map(|f| site_relative(f, site.root));
    let level = match d.level {
        Level::Error => t("report_error"),
        Level::Warning => t("report_warning"),
        Level::Note => t("report_note"),
    };
    let _ = write!(
        out,
        "<li class=\"{}\"><span class=\"level\">{}</span>",
        d.level.label(),
        esc(level)
    );
    // The article the finding is about, by its own title; else the title
    // the finding names (an article left out has no page).
    let data = d.data();
    let named = data.get("title").and_then(Value::as_str);
    match file
        .as_deref()
        .and_then(|f| site.title_of(f).map(|t| (t, f)))
    {
        Some((title, file)) => out.push_str(&article_link(title, file, site)),
        None => {
            if let Some(title) = named {
                let _ = write!(out, "<strong>{}</strong>", esc(title));
            }
        }
    }
    if let Some(file) = &file {
        let line = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = write!(
            out,
            " <bdi class=\"where\" dir=\"ltr\"><a href=\"{}\">{}{line}</a></bdi>",
            esc(&file_url(site, file)),
            esc(file)
        );
    }
    if d.kind.is_read_also() {
        if let Some(title) = named {
            let _ = write!(
                out,
                "<p>{} «{}»</p>",
                esc(t("report_read_also_title")),
                esc(title)
            );
        }
    }
    let _ = write!(
        out,
        "<p class=\"message\">{}</p>",
        isolated(explanation(d, &data, strings))
    );
    extras(out, &data, site, strings);
    let message = match &d.context {
        Some(context) => format!("{} ({context})", d.message),
        None => d.message.clone(),
    };
    let _ = write!(
        out,
        "<details><summary>{}</summary><p dir=\"ltr\">{}</p></details>",
        esc(t("report_details")),
        esc(&message)
    );
    out.push_str("</li>\n");
}

/// The lists a finding's data holds: closest candidates with their
/// scores, the article a fuzzy match chose, a title's twins, the terms.
fn extras(out: &mut String, data: &Value, site: &ReportSite, strings: &Strings) {
    if let Some(candidates) = data.get("candidates").and_then(Value::as_array) {
        if !candidates.is_empty() {
            let _ = write!(
                out,
                "<p>{}</p><ul class=\"extra\">",
                esc(strings.report_text("report_closest"))
            );
            for c in candidates {
                let title = c.get("title").and_then(Value::as_str).unwrap_or_default();
                let file = c.get("file").and_then(Value::as_str).unwrap_or_default();
                let score = c.get("score").and_then(Value::as_f64).unwrap_or(0.0);
                let _ = write!(
                    out,
                    "<li>{} <span class=\"count\">({:.0}٪)</span></li>",
                    article_link(title, file, site),
                    score * 100.0
                );
            }
            out.push_str("</ul>");
        }
    }
    if let Some(matched) = data.get("matched") {
        let title = matched
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let file = matched
            .get("file")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let _ = write!(
            out,
            "<p>{} {}</p>",
            esc(strings.report_text("report_linked_to")),
            article_link(title, file, site)
        );
    }
    if let Some(files) = data.get("files").and_then(Value::as_array) {
        out.push_str("<ul class=\"extra\">");
        for file in files.iter().filter_map(Value::as_str) {
            let _ = write!(out, "<li>{}</li>", article_link(file, file, site));
        }
        out.push_str("</ul>");
    }
    if let Some(lines) = data.get("lines").and_then(Value::as_array) {
        out.push_str("<ul class=\"extra\">");
        for line in lines {
            let n = line.get("line").and_then(Value::as_u64).unwrap_or(0);
            let text = line.get("text").and_then(Value::as_str).unwrap_or_default();
            let reason = line
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li>{} {n} ({}): «{}»</li>",
                esc(strings.report_text("report_line")),
                esc(strings.report_text(&format!("report_debris_{reason}"))),
                esc(text)
            );
        }
        out.push_str("</ul>");
    }
    if let Some(terms) = data.get("terms").and_then(Value::as_array) {
        let terms: Vec<String> = terms
            .iter()
            .filter_map(Value::as_str)
            .map(|t| format!("«{}»", esc(t)))
            .collect();
        let _ = write!(out, "<p>{}</p>", terms.join(" · "));
    }
}

/// `title` linked to the page of the article in `file`, or in bold when
/// it has none (not published).
fn article_link(title: &str, file: &str, site: &ReportSite) -> String {
    match site.page_of(file) {
        Some(page) => format!(
            "<a href=\"{}\"><strong>{}</strong></a>",
            esc(page),
            esc(title)
        ),
        None => format!("<strong>{}</strong>", esc(title)),
    }
}

/// A `file://` address of `file` (as the reports name it) under the site.
fn file_url(site: &ReportSite, file: &str) -> String {
    let path = site.root.join(file);
    let path = path.to_string_lossy();
    format!("file://{}", utf8_percent_encode(&path, PATH))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Kind;
    use serde_json::json;
    use std::collections::HashMap;
    use std::path::Path;

    #[test]
    fn a_right_to_left_page_with_groups_counts_and_links() {
        let mut report = Report::default();
        report.push(
            Diagnostic::warning(Some(Path::new("/s/content/a.txt")), Some(14), "no <match>").of(
                Kind::UnresolvedReadAlso,
                json!({"title": "خبر مفقود", "candidates": [
                    {"title": "خبر موجود", "file": "content/b.txt", "score": 0.5}
                ]}),
            ),
        );
        let page = |url: &str, title: &str| crate::editorial::PageRef {
            url: url.into(),
            title: title.into(),
        };
        let pages = HashMap::from([
            (
                "content/a.txt".to_string(),
                page("https://x.org/a/", "الخبر المحيل"),
            ),
            (
                "content/b.txt".to_string(),
                page("https://x.org/b/", "خبر موجود"),
            ),
        ]);
        let site = ReportSite {
            root: Path::new("/s"),
            pages: &pages,
        };
        let page = to_html(&report, &site, &Strings::default());
        assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(page.contains("«اقرأ أيضاً» بلا خبر مطابق <span class=\"count\">(1)</span>"));
        assert!(!page.contains("إقرأ"), "the site's own spelling");
        assert!(page.contains("href=\"#unresolved_read_also\""));
        assert!(page.contains("<a href=\"https://x.org/b/\"><strong>خبر موجود</strong></a>"));
        assert!(page.contains("(50٪)"));
        assert!(page.contains("<a href=\"https://x.org/a/\"><strong>الخبر المحيل</strong></a>"));
        assert!(page.contains("العنوان في «اقرأ أيضاً»: «خبر مفقود»"));
        assert!(page.contains("href=\"file:///s/content/a.txt\">content/a.txt:14</a>"));
        assert!(
            page.contains(
                "<p class=\"message\">لا يطابق هذا العنوان أي خبر في الموقع، فلا يراه القراء"
            ),
            "the finding in Arabic"
        );
        assert!(page.contains("<details><summary>التفاصيل التقنية</summary><p dir=\"ltr\">no &lt;match&gt;</p></details>"), "the technical message folded, escaped");
        assert!(!page.contains("<match>"));
        assert!(page.contains("prefers-color-scheme:dark"));
    }

    #[test]
    fn left_to_right_words_in_arabic_are_isolated() {
        assert_eq!(
            isolated("عرّف القسم في site.toml ثم أعد البناء"),
            "عرّف القسم في <bdi dir=\"ltr\">site.toml</bdi> ثم أعد البناء"
        );
        assert_eq!(isolated("قبل 1990: <تحقّق>"), "قبل 1990: &lt;تحقّق&gt;");
    }
}
