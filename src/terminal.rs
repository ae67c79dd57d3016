//! The terminal side of the binary: diagnostics, progress bars, the
//! summary line, `serve`'s running report, and `--timings`. Colour only
//! on a terminal (`anstream` strips it elsewhere).

use std::sync::OnceLock;
use std::time::Duration;

use anstream::{eprint, eprintln, println};
use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

use sahifa::{count_s, Level};
use sahifa::{BuildOptions, Outcome};

use std::process::ExitCode;

use crate::{here, shown};

/// One line per file a scaffolding command looked at.
pub(crate) fn print_wrote(wrote: &[sahifa::Wrote]) {
    use sahifa::Wrote;
    for w in wrote {
        let (what, path) = match w {
            Wrote::Created(p) => ("created  ", p),
            Wrote::Kept(p) => ("kept     ", p),
            Wrote::Unchanged(p) => ("unchanged", p),
            Wrote::Replaced(p) => ("replaced ", p),
            Wrote::Refused(p) => ("kept (yours differs)", p),
        };
        println!("  {what} {}", shown(path));
    }
}

/// Prints an error and returns failure.
pub(crate) fn fail(message: &str) -> ExitCode {
    print_error(message);
    ExitCode::FAILURE
}

/// `error: message` on standard error, the label red on a terminal.
pub(crate) fn print_error(message: &str) {
    let error = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    eprintln!("{error}error{error:#}: {message}");
}

/// `warning: message` on standard error, as diagnostics are printed.
pub(crate) fn print_warning(message: &str) {
    print_diagnostic(&sahifa::Diagnostic::warning(None, None, message));
}

/// Prints what `serve` does, one line per rebuild.
pub(crate) struct TerminalReporter;

impl sahifa::Reporter for TerminalReporter {
    fn serving(&self, url: &str, requested: u16, port: u16) {
        if requested != 0 && requested != port {
            println!("port {requested} is in use; using {port} instead");
        }
        let bold = Style::new().bold();
        println!("serving at {bold}{url}{bold:#} (Ctrl+C to stop)");
    }

    fn built(&self, articles: usize, files: usize, millis: u128, warnings: &[sahifa::Diagnostic]) {
        // The editorial findings are counted, not listed: `check` lists them.
        let (editorial, shown): (Vec<_>, Vec<_>) =
            warnings.iter().partition(|d| d.kind.editorial());
        print_first(shown.iter().copied(), SHOWN_AT_START);
        let editorial = match editorial.len() {
            0 => String::new(),
            n => format!(
                " and {} for the editorial report (`sahifa check`)",
                count_s(n, "note")
            ),
        };
        println!(
            "built {}, {} in {millis} ms; {}{editorial}",
            count_s(articles, "article"),
            count_s(files, "file"),
            count_s(shown.len(), "warning")
        );
    }

    fn rebuilt(&self, what: &[std::path::PathBuf], update: &sahifa::Update, millis: u128) {
        let Some(first) = what.first().map(|p| shown(p)) else {
            // No file changed: a scheduled story came due.
            println!(
                "a scheduled story is due: {} rendered in {millis} ms",
                count_s(update.rendered, "page")
            );
            return;
        };
        let more = if what.len() > 1 {
            format!(" and {} more", what.len() - 1)
        } else {
            String::new()
        };
        if update.restart {
            // site.toml, or a site folder made again: everything anew.
            println!(
                "changed {first}{more}: the site rebuilt from scratch, {} files in {millis} ms",
                update.changed.len()
            );
            return;
        }
        let later = if update.pending.is_empty() {
            String::new()
        } else {
            format!(" ({} after the open pages)", update.pending.len())
        };
        println!(
            "changed {first}{more}: {} pages rendered{later}, {} files updated, {} removed in {millis} ms",
            update.rendered,
            update.changed.len(),
            update.removed.len()
        );
    }

    fn new_warnings(&self, warnings: &[&sahifa::Diagnostic]) {
        let shown = warnings.iter().copied().filter(|d| !d.kind.editorial());
        print_first(shown, SHOWN_AT_START);
    }

    fn problems(&self, problems: &[&sahifa::Diagnostic]) {
        print_first(problems.iter().copied(), SHOWN_AT_START);
        eprintln!("still serving the last good site; fix the file to clear this");
    }

    fn fatal(&self, message: &str) {
        print_error(message);
    }

    fn content_gone(&self, content: &std::path::Path) {
        print_warning(&format!(
            "{} is gone; still serving the last good site until it is back",
            shown(content)
        ));
    }
}

/// Diagnostics `serve` prints at once; `sahifa check` lists them all.
const SHOWN_AT_START: usize = 20;

/// Prints the first `limit` diagnostics, then how many more there are.
fn print_first<'a>(diagnostics: impl Iterator<Item = &'a sahifa::Diagnostic>, limit: usize) {
    let mut rest = 0;
    for (n, d) in diagnostics.enumerate() {
        if n < limit {
            print_diagnostic(d);
        } else {
            rest += 1;
        }
    }
    if rest > 0 {
        eprintln!("… and {rest} more (`sahifa check` lists them all)");
    }
}

static PROGRESS: OnceLock<ProgressBar> = OnceLock::new();

pub(crate) fn show_progress(stage: &str, done: u64, total: u64) {
    let bar = PROGRESS.get_or_init(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    });
    let what = match stage {
        "load" => "reading content/".to_string(),
        "parse" => format!("parsing {total} files"),
        "resolve" => format!("resolving links between {total} articles"),
        "render" => format!("rendering and writing pages: {done} of {total}"),
        "upload" => format!("uploading: {done} of {total} files"),
        "delete" => format!("deleting old files: {done} of {total}"),
        other => other.to_string(),
    };
    bar.set_message(what);
}

pub(crate) fn finish_progress() {
    if let Some(bar) = PROGRESS.get() {
        bar.finish_and_clear();
    }
}

/// One diagnostic on standard error, its level coloured on a terminal and
/// its file shown relative to the current folder.
fn print_diagnostic(d: &sahifa::Diagnostic) {
    let warn = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    let error = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let (style, label) = match d.level {
        Level::Note => (Style::new().bold(), "note"),
        Level::Warning => (warn, "warning"),
        Level::Error => (error, "error"),
    };
    let d = d.clone().relative_to(here());
    eprintln!(
        "{style}{label}{style:#}: {}",
        shorten_quotes(&d.describe(), QUOTE_SHOWN)
    );
}

/// Letters of a quoted «title» a terminal line shows: a 50,000-letter title
/// (junk pasted in) is not printed whole, the JSON report keeps it.
const QUOTE_SHOWN: usize = 120;

/// `text` with each «quotation» longer than `max` letters cut to its start,
/// saying how long it was.
fn shorten_quotes(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let too_long = text.split('«').skip(1).any(|rest| {
        rest.split('»')
            .next()
            .is_some_and(|q| q.chars().count() > max)
    });
    if !too_long {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * max));
    let mut parts = text.split('«');
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        out.push('«');
        match part.split_once('»') {
            Some((quoted, rest)) => {
                push_cut(&mut out, quoted, max);
                out.push('»');
                out.push_str(rest);
            }
            None => push_cut(&mut out, part, max),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn push_cut(out: &mut String, quoted: &str, max: usize) {
    let letters = quoted.chars().count();
    if letters <= max {
        out.push_str(quoted);
        return;
    }
    out.extend(quoted.chars().take(max));
    out.push_str(&format!("… ({letters} letters)"));
}

/// What `build` prints: each problem of this build, and the editorial
/// findings about the archive counted in one line (`sahifa check` lists them).
pub(crate) fn print_report(outcome: &Outcome) {
    for d in &outcome.report.diagnostics {
        if !d.kind.editorial() {
            print_diagnostic(d);
        }
    }
    let editorial = outcome.report.editorial_counts();
    if !editorial.is_empty() {
        let bold = Style::new().bold();
        eprintln!("{bold}editorial report{bold:#}: {editorial} (`sahifa check` lists them)");
    }
}

/// What `check` prints: every finding, grouped by kind with a count.
pub(crate) fn print_grouped_report(outcome: &Outcome) {
    let bold = Style::new().bold();
    for (kind, group) in outcome.report.by_kind() {
        eprintln!("{bold}{} ({}){bold:#}", kind.title(), group.len());
        for d in group {
            eprint!("  ");
            print_diagnostic(d);
        }
    }
}

/// `1 error, 2 warnings`, leaving out what there is none of; empty when
/// there is nothing at all. `build` leaves out the editorial notes (its
/// report counts them on a line of their own); `check` lists and counts them.
fn problems(report: &sahifa::Report, verb: &str) -> String {
    let editorial_notes = report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Note && d.kind.editorial())
        .count();
    let notes = match verb {
        "build" => report.notes() - editorial_notes,
        _ => report.notes(),
    };
    let mut parts = Vec::new();
    if report.errors() > 0 {
        parts.push(count_s(report.errors(), "error"));
    }
    if report.warnings() > 0 {
        parts.push(count_s(report.warnings(), "warning"));
    }
    if notes > 0 {
        parts.push(count_s(notes, "note"));
    }
    parts.join(", ")
}

pub(crate) fn print_summary(verb: &str, outcome: &Outcome, options: &BuildOptions) {
    println!("{}", summary_line(verb, outcome, options));
}

/// The summary line: what was built, counted, and where it went.
pub(crate) fn summary_line(verb: &str, outcome: &Outcome, options: &BuildOptions) -> String {
    let ok = Style::new().fg_color(Some(AnsiColor::Green.into())).bold();
    let bad = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let report = &outcome.report;
    let seconds = outcome.elapsed.as_secs_f64();
    if let Some(fatal) = &outcome.fatal {
        // What failed, not counts of a build that did not happen.
        let listed = problems(report, verb);
        let above = if listed.is_empty() {
            String::new()
        } else {
            format!(" ({listed} above)")
        };
        // The library names the output by its absolute path; show it as typed.
        let output = options.output_dir();
        let fatal = fatal.replace(&output.display().to_string(), &shown(&output));
        return format!("{bad}{verb} failed{bad:#}: {fatal}{above}");
    }
    let style = if report.errors() > 0 { bad } else { ok };
    let listed = problems(report, verb);
    let pictures = match (outcome.pictures, outcome.pictures_encoded) {
        (0, _) => String::new(),
        (n, 0) => format!(", {}", count_s(n, "picture")),
        (n, encoded) => format!(", {} ({encoded} encoded)", count_s(n, "picture")),
    };
    let mut line = format!(
        "{style}{}{style:#} {}, {}{pictures}; read-also {} linked, {} unresolved; {} in {seconds:.2} s",
        match verb {
            "build" => "built",
            _ => "checked",
        },
        count_s(outcome.articles, "article"),
        count_s(outcome.pages, "page"),
        outcome.resolved,
        outcome.unresolved,
        if listed.is_empty() {
            "no warnings".to_string()
        } else {
            listed
        },
    );
    if outcome.written {
        if outcome.rendered < outcome.pages {
            line.push_str(&format!(
                " ({} rendered, {} unchanged)",
                outcome.rendered,
                outcome.pages - outcome.rendered
            ));
        }
        line.push_str(&format!(" → {}", shown(&options.output_dir())));
    } else if outcome.up_to_date {
        line.push_str(&format!(
            " → {} is up to date",
            shown(&options.output_dir())
        ));
    }
    line
}

/// One line per stage with its wall time and share of the whole build.
pub(crate) fn print_timings(outcome: &Outcome) {
    let total = outcome.elapsed.as_secs_f64().max(f64::EPSILON);
    for (stage, time) in &outcome.timings.stages {
        let seconds = time.as_secs_f64();
        println!(
            "  {stage:<12} {:>8.1} ms {:>5.1}%",
            seconds * 1000.0,
            100.0 * seconds / total
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quotation_is_cut_and_its_length_said() {
        let title = "خبر ".repeat(10_000);
        let message = format!("read-also «{title}» matches no article: hidden");
        let shown = shorten_quotes(&message, 120);
        assert!(shown.chars().count() < 250, "{}", shown.chars().count());
        assert!(shown.starts_with("read-also «خبر خبر"));
        assert!(shown.contains("… (40000 letters)»"), "{shown}");
        assert!(shown.ends_with("matches no article: hidden"));
        let short = "picture «a.jpg» does not exist";
        assert_eq!(shorten_quotes(short, 120), short);
    }
}
