//! The `sahifa` command line: parse arguments, call the library, print the
//! report, set the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use anstream::{eprint, eprintln, println};
use anstyle::{AnsiColor, Style};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sahifa::{count_s, Level};
use sahifa::{BuildOptions, Outcome};

/// The site layout, for `--help`: the settings are listed from
/// `config::KEYS`, like everywhere else they are described.
fn layout() -> String {
    let keys: Vec<&str> = sahifa::setting_keys().collect();
    let lines: Vec<String> = keys.chunks(6).map(|row| row.join(", ")).collect();
    LAYOUT.replace("{settings}", &lines.join(",\n               "))
}

const LAYOUT: &str = "\
Start with `sahifa init mysite`, then `cd mysite` and run every command from there.

A site is a folder holding:
  content/     articles: *.txt (raw news text) and *.md (Markdown with +++ TOML or --- YAML
               front matter), in any sub-folders; other files there are copied as assets
  site.toml    optional settings, each with a default (`sahifa init` writes them all, explained):
               {settings}
  templates/   optional Tera templates replacing the built-in theme's files of the same name
               (`sahifa theme export` copies the built-in ones there to start from)
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
  sahifa init mysite                   start a site with two example articles
  sahifa new \"عنوان الخبر\"             write an article dated now
  sahifa serve                         preview at http://127.0.0.1:1111/, reloading as you edit
  sahifa build                         build ./content into ./public
  sahifa build --base-url https://example.org/news/
  sahifa check                         report problems, write nothing";

#[derive(Parser)]
#[command(
    name = "sahifa",
    version,
    about = "صحيفة — a static news-site generator for Arabic, right-to-left news",
    long_about = "صحيفة (sahifa) turns a folder of Arabic news articles into a complete right-to-left \
news site: one page per article, a paginated home page, year/month/day archives, sections and \
pages per tag, author, source and city, Atom, RSS and JSON feeds, sitemaps, and read-also \
cross-links resolved across spelling variants, with backlinks.",
    after_long_help = layout()
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    #[command(after_long_help = layout())]
    Build(BuildArgs),
    /// Do everything `build` does, rendering every page in memory, and print
    /// the report; write nothing.
    ///
    /// Exits non-zero when there are errors (an article that cannot be read,
    /// a bad date, broken front matter, a template that fails on some page):
    /// whatever would fail `build` fails `check`.
    ///
    /// Besides build problems it is the editorial report, grouped and
    /// counted: unresolved read-also (with the closest articles), read-also
    /// linked by a fuzzy match, duplicate titles, orphans, scheduled and
    /// pre-1990 dates, empty and very short bodies, pictures, unknown
    /// sections, tags one letter apart. `--format json` writes it for tools
    /// (schema in the README), `--format html` as a page for editors.
    Check(CheckArgs),
    /// Build into memory and serve a live preview that rebuilds on every change.
    ///
    /// Watches content/, templates/, static/ and site.toml. Open pages reload
    /// by themselves after a rebuild (a stylesheet change swaps the stylesheet
    /// without a reload); a file that fails to build shows its error over the
    /// page while the last good site stays served. Nothing is written to disk.
    Serve(ServeArgs),
    /// Start a new site: a commented site.toml, two example articles that
    /// read-also each other, and a .gitignore.
    ///
    /// Refuses a folder that holds anything; with --force it adds only the
    /// files that are missing and leaves the others as they are.
    Init(InitArgs),
    /// Write a new article dated now (in the site's time zone) and print its path.
    ///
    /// The file name comes from the date and the title; `serve` picks the
    /// article up as soon as it is written.
    New(NewArgs),
    /// The built-in theme: copy it into the site to restyle it.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Write the built-in templates into templates/ and the stylesheet into
    /// static/, where the site's own copies replace the built-in ones.
    ///
    /// A file already there that differs (you changed it) is kept, and the
    /// command fails saying which; --force replaces it.
    Export(ExportArgs),
}

#[derive(Args)]
struct InitArgs {
    /// The folder to make the site in (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Add the missing files to a folder that already holds some.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct NewArgs {
    /// The headline, e.g. "وزارة الصحة تطلق حملة للتطعيم".
    title: String,
    /// Write Markdown with front matter instead of raw news text.
    #[arg(long)]
    md: bool,
    /// Put it in this section's folder (content/KEY/).
    #[arg(long, value_name = "KEY")]
    section: Option<String>,
    #[command(flatten)]
    root: RootArg,
}

#[derive(Args)]
struct ExportArgs {
    /// The site folder to write templates/ and static/ into (default: --root).
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Replace files that differ from the built-in theme.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    root: RootArg,
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

/// What `build` and `check` both take: the site and which of it to build.
#[derive(Args)]
struct SiteArgs {
    #[command(flatten)]
    root: RootArg,
    /// The URL the site is served from, e.g. https://example.org/news/ (overrides site.toml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Include stories dated after now, which are otherwise left out until
    /// their time (scheduled; "now" is `build --now` when given).
    #[arg(long)]
    future: bool,
    /// Keep every line of raw text as the story: leave no page debris out
    /// (menus, share rows, comment forms …; `check` lists what is left out).
    #[arg(long)]
    keep_debris: bool,
}

impl SiteArgs {
    /// The library's options for this site, the rest at their defaults.
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: site_root(self.root.root),
            base_url: self.base_url,
            drafts: self.drafts,
            future: self.future,
            keep_debris: self.keep_debris,
            ..BuildOptions::default()
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to write the report: `text` (grouped, for people), `json`
    /// (versioned, for tools and CI) or `html` (a page for editors).
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Write the json or html report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Html,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site. sahifa only replaces an empty folder or one it built before.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Fail on any warning, leaving the previous output untouched.
    #[arg(long)]
    strict: bool,
    /// What "now" is, e.g. 2025-11-12T18:00:00+03:00: stories dated after it
    /// are scheduled and left out (default: the clock), and the Google News
    /// sitemap counts back from it (default: the newest article's date, so
    /// rebuilding an old archive gives the same output).
    #[arg(long, value_name = "DATE", value_parser = parse_now)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Print how long each stage took (walk, read+parse, resolve, render, write…).
    #[arg(long)]
    timings: bool,
}

fn parse_now(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let utc = chrono::FixedOffset::east_opt(0).ok_or("no UTC offset")?;
    sahifa::parse_date(text, utc).map_err(|e| e.to_string())
}

/// The site folder as an absolute path (see [`sahifa::absolute_root`]).
fn site_root(root: PathBuf) -> PathBuf {
    sahifa::absolute_root(&root)
}

/// The current folder, to show paths under it relative to it; looked up
/// once (a report of thousands of warnings shows each path through it).
fn here() -> &'static std::path::Path {
    static HERE: OnceLock<PathBuf> = OnceLock::new();
    HERE.get_or_init(|| {
        std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(&d).ok().or(Some(d)))
            .unwrap_or_default()
    })
}

/// `path` relative to the current folder when it lies under it.
fn shown(path: &std::path::Path) -> String {
    let text = match path.strip_prefix(here()) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    };
    sahifa::printable(&text).into_owned()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                output: args.output.map(|o| std::path::absolute(&o).unwrap_or(o)),
                strict: args.strict,
                now: args.now,
                progress: std::io::stderr()
                    .is_terminal()
                    .then_some(show_progress as fn(&str, u64, u64)),
                ..args.site.options()
            };
            let outcome = sahifa::build(&options);
            finish_progress();
            print_report(&outcome);
            print_summary("build", &outcome, &options);
            if args.timings {
                print_timings(&outcome);
            }
            exit_code(outcome.failed())
        }
        Command::Serve(args) => {
            if !args.bind.is_loopback() {
                print_warning(&format!(
                    "--bind {}: the preview, drafts and scheduled stories included, \
                     can be read by anyone who can reach this machine",
                    args.bind
                ));
            }
            let options = sahifa::ServeOptions {
                root: site_root(args.root.root),
                bind: args.bind,
                port: args.port,
                drafts: args.drafts,
                open: args.open,
            };
            match sahifa::serve(&options, &TerminalReporter) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message),
            }
        }
        Command::Check(args) => run_check(args),
        Command::Init(args) => run_init(args),
        Command::New(args) => run_new(args),
        Command::Theme(ThemeCommand::Export(args)) => run_export(args),
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let options = args.site.options();
    let outcome = sahifa::check(&options);
    let document = match args.format {
        ReportFormat::Text => {
            print_grouped_report(&outcome);
            print_summary("check", &outcome, &options);
            None
        }
        ReportFormat::Json => Some(outcome.json_report(&options.root)),
        ReportFormat::Html => Some(outcome.html_report(&options.root)),
    };
    if let Some(document) = document {
        let written = match &args.output {
            Some(path) => std::fs::write(path, &document)
                .map(|()| eprintln!("report written to {}", shown(path)))
                .map_err(|e| format!("cannot write the report to {}: {e}", shown(path))),
            None => {
                use std::io::Write;
                std::io::stdout()
                    .write_all(document.as_bytes())
                    .map_err(|e| format!("cannot write the report: {e}"))
            }
        };
        if let Err(message) = written {
            return fail(&message);
        }
        // Standard output holds the document: the summary goes beside it.
        eprintln!("{}", summary_line("check", &outcome, &options));
    }
    exit_code(outcome.failed() || outcome.report.errors() > 0)
}

fn run_init(args: InitArgs) -> ExitCode {
    let dir = site_root(args.dir);
    // A new site's time zone is this machine's.
    let now = chrono::Local::now().fixed_offset();
    let wrote = match sahifa::init(&dir, args.force, now) {
        Ok(wrote) => wrote,
        Err(message) => return fail(&message),
    };
    print_wrote(&wrote);
    let bold = Style::new().bold();
    let cd = match shown(&dir).as_str() {
        "." => String::new(),
        other => format!("  cd {other}\n"),
    };
    println!(
        "\n{bold}a new site is ready{bold:#} in {}. Next:\n{cd}  \
         sahifa new \"عنوان الخبر\"        write an article (--md for Markdown)\n  \
         sahifa serve                     preview it at http://127.0.0.1:1111/ as you edit\n  \
         sahifa build --base-url https://your.site/   write public/ to deploy\n\
         Settings are in site.toml, each explained there.",
        shown(&dir)
    );
    ExitCode::SUCCESS
}

fn run_new(args: NewArgs) -> ExitCode {
    let root = site_root(args.root.root);
    if !root.join("content").is_dir() {
        return fail(&format!(
            "no content/ folder in {}: run this in a site folder (`sahifa init` makes one)",
            shown(&root)
        ));
    }
    let config = match sahifa::Config::load(&root) {
        Ok(config) => config,
        Err(d) => return fail(&d.relative_to(here()).describe()),
    };
    let made = sahifa::now_in(&config).and_then(|now| {
        sahifa::new_article(&root, &args.title, args.md, args.section.as_deref(), now)
    });
    match made {
        Ok(path) => {
            println!("{}", shown(&path));
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn run_export(args: ExportArgs) -> ExitCode {
    let dir = site_root(args.dir.unwrap_or(args.root.root));
    let wrote = match sahifa::export_theme(&dir, args.force) {
        Ok(wrote) => wrote,
        Err(message) => return fail(&message),
    };
    print_wrote(&wrote);
    let refused = wrote
        .iter()
        .filter(|w| matches!(w, sahifa::Wrote::Refused(_)))
        .count();
    if refused > 0 {
        // What the command promises, not a failure: the site's own changes
        // are never lost without --force.
        let (differ, were) = if refused == 1 {
            ("differs", "was")
        } else {
            ("differ", "were")
        };
        println!(
            "{} {differ} from the built-in theme and {were} kept as you changed them; \
             --force replaces them",
            count_s(refused, "file"),
        );
    }
    ExitCode::SUCCESS
}

/// One line per file a scaffolding command looked at.
fn print_wrote(wrote: &[sahifa::Wrote]) {
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
fn fail(message: &str) -> ExitCode {
    print_error(message);
    ExitCode::FAILURE
}

/// `error: message` on standard error, the label red on a terminal.
fn print_error(message: &str) {
    let error = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    eprintln!("{error}error{error:#}: {message}");
}

/// `warning: message` on standard error, as diagnostics are printed.
fn print_warning(message: &str) {
    print_diagnostic(&sahifa::Diagnostic::warning(None, None, message));
}

/// Prints what `serve` does, one line per rebuild.
struct TerminalReporter;

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
        println!(
            "changed {first}{more}: {} pages rendered, {} files updated, {} removed in {millis} ms",
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
    eprintln!("{style}{label}{style:#}: {}", d.describe());
}

/// What `build` prints: each problem of this build, and the editorial
/// findings about the archive counted in one line (`sahifa check` lists them).
fn print_report(outcome: &Outcome) {
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
fn print_grouped_report(outcome: &Outcome) {
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

fn print_summary(verb: &str, outcome: &Outcome, options: &BuildOptions) {
    println!("{}", summary_line(verb, outcome, options));
}

/// The summary line: what was built, counted, and where it went.
fn summary_line(verb: &str, outcome: &Outcome, options: &BuildOptions) -> String {
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

/// See Cargo.toml: the build's allocations are many and small.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
