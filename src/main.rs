//! The `sahifa` command line: parse arguments, call the library, print the
//! report, set the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use anstream::{eprintln, println};
use anstyle::{AnsiColor, Style};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sahifa::report::Level;
use sahifa::{BuildOptions, Outcome};

const LAYOUT: &str = "\
A site is a folder holding:
  content/     articles: *.txt (raw news text) and *.md (Markdown with +++ TOML or --- YAML
               front matter), in any sub-folders; other files there are copied as assets
  site.toml    optional settings: title, description, base_url, per_page, permalink,
               timezone, numerals, months, feed_limit, publisher (every key has a default)
  templates/   optional Tera templates replacing the built-in theme's files of the same name
  static/      optional files copied to the output as they are

Raw news text looks like this (the format scrapers and newsroom tools produce):
  <title>
  تاريخ النشر: 11th, November 2025 GMT
  دمشق- <first paragraph, opening with the dateline city>
  <more paragraphs>
  المصدر: <source>
  إقرأ أيضاً:
  <title of a related article>
  <its pasted paragraphs, optional>

Examples:
  sahifa build                         build ./content into ./public
  sahifa build --base-url https://example.org/news/
  sahifa check                         report problems, write nothing";

#[derive(Parser)]
#[command(
    name = "sahifa",
    version,
    about = "صحيفة — a static news-site generator for Arabic, right-to-left news",
    long_about = "صحيفة (sahifa) turns a folder of Arabic news articles into a complete right-to-left \
news site: one page per article, a paginated home page, year/month/day archives, an Atom feed, a \
sitemap, and read-also cross-links resolved across spelling variants, with backlinks.",
    after_long_help = LAYOUT
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    #[command(after_long_help = LAYOUT)]
    Build(BuildArgs),
    /// Load, parse and resolve everything and print the report; write nothing.
    ///
    /// Exits non-zero when there are errors (an article that cannot be read,
    /// a bad date, broken front matter).
    Check(RootArg),
    /// Build into memory and serve a live preview that rebuilds on every change.
    ///
    /// Watches content/, templates/, static/ and site.toml. Open pages reload
    /// by themselves after a rebuild (a stylesheet change swaps the stylesheet
    /// without a reload); a file that fails to build shows its error over the
    /// page while the last good site stays served. Nothing is written to disk.
    Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// Address to listen on. Only this machine can connect to the default.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: std::net::IpAddr,
    /// Port to listen on; when it is taken the next free one is used (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Args)]
struct RootArg {
    /// The site folder, holding content/ (and optionally site.toml, templates/, static/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site. sahifa only replaces an empty folder or one it built before.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// The URL the site is served from, e.g. https://example.org/news/ (overrides site.toml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Fail on any warning, leaving the previous output untouched.
    #[arg(long)]
    strict: bool,
    /// The moment the Google News sitemap counts back from (it lists the last
    /// two days of articles), e.g. 2025-11-12T18:00:00+03:00. Default: the
    /// newest article's date, so rebuilding an old archive gives the same output.
    #[arg(long, value_name = "DATE", value_parser = parse_now)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Print how long each stage took (walk, read+parse, resolve, render, write…).
    #[arg(long)]
    timings: bool,
}

fn parse_now(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let utc = chrono::FixedOffset::east_opt(0).ok_or("no UTC offset")?;
    sahifa::dates::parse_date(text, utc).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.root.root,
                output: args.output,
                base_url: args.base_url,
                drafts: args.drafts,
                strict: args.strict,
                now: args.now,
                progress: std::io::stderr()
                    .is_terminal()
                    .then_some(show_progress as fn(&str, u64, u64)),
            };
            let outcome = sahifa::build(&options);
            finish_progress();
            print_report(&outcome);
            print_summary("built", &outcome, &options);
            if args.timings {
                print_timings(&outcome);
            }
            exit_code(outcome.failed())
        }
        Command::Serve(args) => {
            let options = sahifa::serve::ServeOptions {
                root: args.root.root,
                bind: args.bind,
                port: args.port,
                drafts: args.drafts,
                open: args.open,
            };
            match sahifa::serve::serve(&options, &TerminalReporter) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    let error = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
                    eprintln!("{error}error{error:#}: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(root) => {
            let options = BuildOptions {
                root: root.root,
                ..BuildOptions::default()
            };
            let outcome = sahifa::check(&options);
            print_report(&outcome);
            print_summary("checked", &outcome, &options);
            exit_code(outcome.failed() || outcome.report.errors() > 0)
        }
    }
}

/// Prints what `serve` does, one line per rebuild.
struct TerminalReporter;

impl sahifa::serve::Reporter for TerminalReporter {
    fn serving(&self, url: &str, requested: u16, port: u16) {
        if requested != 0 && requested != port {
            println!("port {requested} is in use; using {port} instead");
        }
        let bold = Style::new().bold();
        println!("serving at {bold}{url}{bold:#} (Ctrl+C to stop)");
    }

    fn built(
        &self,
        articles: usize,
        files: usize,
        millis: u128,
        warnings: &[sahifa::report::Diagnostic],
    ) {
        let unresolved = warnings
            .iter()
            .filter(|w| w.message.contains("read-also"))
            .count();
        println!(
            "built {articles} articles, {files} files in {millis} ms ({} warnings, {unresolved} about read-also; `sahifa check` lists them)",
            warnings.len()
        );
    }

    fn rebuilt(
        &self,
        what: &[std::path::PathBuf],
        update: &sahifa::serve::workspace::Update,
        millis: u128,
    ) {
        let first = what
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let more = if what.len() > 1 {
            format!(" and {} more", what.len() - 1)
        } else {
            String::new()
        };
        println!(
            "changed {first}{more}: {} pages rendered, {} files updated, {} removed in {millis} ms",
            update.rendered,
            update.changed.len(),
            update.removed.len()
        );
    }

    fn new_warnings(&self, warnings: &[&sahifa::report::Diagnostic]) {
        for w in warnings {
            eprintln!("{w}");
        }
    }

    fn problems(&self, problems: &[&sahifa::report::Diagnostic]) {
        for p in problems {
            eprintln!("{p}");
        }
        eprintln!("still serving the last good site; fix the file to clear this");
    }

    fn fatal(&self, message: &str) {
        eprintln!("error: {message}");
    }
}

static PROGRESS: OnceLock<ProgressBar> = OnceLock::new();

fn show_progress(stage: &str, done: u64, total: u64) {
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
        other => other.to_string(),
    };
    bar.set_message(what);
}

fn finish_progress() {
    if let Some(bar) = PROGRESS.get() {
        bar.finish_and_clear();
    }
}

fn print_report(outcome: &Outcome) {
    let warn = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    let error = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    for d in &outcome.report.diagnostics {
        let (style, label) = match d.level {
            Level::Warning => (warn, "warning"),
            Level::Error => (error, "error"),
        };
        let location = d.location();
        if location.is_empty() {
            eprintln!("{style}{label}{style:#}: {}", d.message);
        } else {
            eprintln!("{style}{label}{style:#}: {location}: {}", d.message);
        }
    }
    // A fatal problem that is also a diagnostic (a template syntax error) is
    // not printed twice.
    let listed = |fatal: &String| {
        outcome
            .report
            .diagnostics
            .iter()
            .any(|d| &d.message == fatal)
    };
    if let Some(fatal) = outcome.fatal.as_ref().filter(|f| !listed(f)) {
        eprintln!("{error}error{error:#}: {fatal}");
    }
}

fn print_summary(verb: &str, outcome: &Outcome, options: &BuildOptions) {
    let ok = Style::new().fg_color(Some(AnsiColor::Green.into())).bold();
    let bad = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let report = &outcome.report;
    let style = if outcome.failed() { bad } else { ok };
    let head = if outcome.failed() { "failed" } else { verb };
    let mut line = format!(
        "{style}{head}{style:#} {} articles, {} pages; read-also {} linked, {} unresolved; {} warnings, {} errors in {:.2} s",
        outcome.articles,
        outcome.pages,
        outcome.resolved,
        outcome.unresolved,
        report.warnings(),
        report.errors(),
        outcome.elapsed.as_secs_f64()
    );
    if outcome.written {
        if outcome.rendered < outcome.pages {
            line.push_str(&format!(
                " ({} rendered, {} unchanged)",
                outcome.rendered,
                outcome.pages - outcome.rendered
            ));
        }
        line.push_str(&format!(" → {}", options.output_dir().display()));
    } else if outcome.up_to_date {
        line.push_str(&format!(
            " → {} is up to date",
            options.output_dir().display()
        ));
    }
    println!("{line}");
}

/// One line per stage with its wall time and share of the whole build.
fn print_timings(outcome: &Outcome) {
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

fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
