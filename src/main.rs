//! The `sahifa` command line: parse arguments, call the library, print the
//! report, set the exit code.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use anstream::{eprintln, println};
use anstyle::Style;
use clap::{Args, Parser, Subcommand};

use sahifa::count_s;
use sahifa::BuildOptions;

mod terminal;
use terminal::{
    fail, finish_progress, print_error, print_grouped_report, print_report, print_summary,
    print_timings, print_warning, print_wrote, show_progress, summary_line, TerminalReporter,
};

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
  sahifa check                         report problems, write nothing
  sahifa deploy --dry-run              list what an upload to site.toml's [[deploy]] would change";

const DEPLOY_EXAMPLES: &str = "\
Examples:
  sahifa build && sahifa deploy                 build, then upload to the only target
  sahifa deploy --target staging --dry-run      list what would change on `staging`
  sahifa deploy --max-deletes 2000              after removing a large part of the site";

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
    /// page while the last good site stays served. No page is written to
    /// disk; pictures are encoded when a browser first asks for them, into
    /// the picture cache beside the output (.public.sahifa-images/), which
    /// build then reuses.
    Serve(ServeArgs),
    /// Upload the last build's output to a place named in site.toml:
    /// only new and changed files, then delete what the site no longer has.
    ///
    /// Targets are `[[deploy]]` entries of site.toml, each a `name` and a
    /// `url`: s3://bucket/folder (Amazon S3, and Cloudflare R2, Backblaze
    /// B2, MinIO… through AWS_ENDPOINT_URL), gs://bucket, az://container or
    /// file:///folder. Credentials come from the environment only, by the
    /// providers' own names (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_REGION, AWS_ENDPOINT_URL, AWS_ALLOW_HTTP=true for a plain-http
    /// endpoint; GOOGLE_SERVICE_ACCOUNT…; AZURE_STORAGE_ACCOUNT_NAME…),
    /// and are never printed.
    ///
    /// A file goes up when the target lacks it or holds other bytes
    /// (compared by MD5) or other headers; stylesheets, scripts and
    /// pictures first, then pages, then feeds and sitemaps, so no reader
    /// meets a page whose parts are missing; deletions come last. Each file
    /// gets its Content-Type (with charset=utf-8 for text) and a
    /// Cache-Control: a year, immutable, for the files named by their
    /// content (pictures under media/, fingerprinted stylesheets and
    /// scripts), revalidated on every visit for the rest (site.toml's
    /// `[[cache_control]]` overrides by path). A stopped deploy run again
    /// completes.
    #[command(after_long_help = DEPLOY_EXAMPLES)]
    Deploy(DeployArgs),
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
struct DeployArgs {
    #[command(flatten)]
    root: RootArg,
    /// The built site to upload (default: public/ in the site folder).
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Which `[[deploy]]` of site.toml to upload to (needed when it names
    /// more than one).
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// List what would be uploaded and deleted; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Refuse the whole deploy when it would delete more files than this
    /// (a wrong output folder would otherwise empty the site).
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_deletes: usize,
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
    /// Also answer requests for NAME (a name on your network that points
    /// here; repeat for more). Without it only localhost and IP addresses
    /// are answered, so no web page can reach the preview through a name
    /// of its own (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// Preview the site as of DATE, e.g. 2025-11-12T05:55:00+03:00: the
    /// clock starts there once the site is served and runs on, so stories
    /// scheduled just after come due while you watch.
    #[arg(long, value_name = "DATE", value_parser = parse_now)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
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
            clock: source_date_epoch(),
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

/// The clock of a reproducible build: `SOURCE_DATE_EPOCH` (seconds since
/// 1970, UTC) when set, as the reproducible-builds convention has it.
fn source_date_epoch() -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let seconds = std::env::var("SOURCE_DATE_EPOCH").ok()?;
    match seconds
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    {
        Some(at) => Some(at.fixed_offset()),
        None => {
            eprintln!("error: SOURCE_DATE_EPOCH={seconds} is not a number of seconds since 1970");
            std::process::exit(2);
        }
    }
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
                allowed_hosts: args.allow_host,
                now: args.now,
            };
            match sahifa::serve(&options, &TerminalReporter) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message),
            }
        }
        Command::Check(args) => run_check(args),
        Command::Deploy(args) => run_deploy(args),
        Command::Init(args) => run_init(args),
        Command::New(args) => run_new(args),
        Command::Theme(ThemeCommand::Export(args)) => run_export(args),
    }
}

/// `check`'s report as plain text, grouped by kind as printed, with the
/// summary line last.
fn plain_report(outcome: &sahifa::Outcome, options: &sahifa::BuildOptions) -> String {
    let mut text = String::new();
    for (kind, group) in outcome.report.by_kind() {
        text.push_str(&format!("{} ({})\n", kind.title(), group.len()));
        for d in group {
            text.push_str(&format!("  {}\n", d.clone().relative_to(here())));
        }
    }
    text.push_str(
        &anstream::adapter::strip_str(&summary_line("check", outcome, options)).to_string(),
    );
    text.push('\n');
    text
}

fn run_check(args: CheckArgs) -> ExitCode {
    let options = args.site.options();
    let outcome = sahifa::check(&options);
    let document = match args.format {
        // Into a file: the same report, as plain text.
        ReportFormat::Text if args.output.is_some() => Some(plain_report(&outcome, &options)),
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

fn run_deploy(args: DeployArgs) -> ExitCode {
    let options = sahifa::DeployOptions {
        root: site_root(args.root.root),
        output: args.output.map(|o| std::path::absolute(&o).unwrap_or(o)),
        target: args.target,
        dry_run: args.dry_run,
        max_deletes: args.max_deletes,
        progress: std::io::stderr()
            .is_terminal()
            .then_some(show_progress as fn(&str, u64, u64)),
    };
    let result = sahifa::deploy(&options);
    finish_progress();
    match result {
        Ok(deployed) => {
            if options.dry_run {
                print_plan(&deployed);
            }
            for error in &deployed.errors {
                print_error(error);
            }
            println!("{}", deploy_summary(&deployed, options.dry_run));
            exit_code(!deployed.errors.is_empty())
        }
        Err(message) => fail(&message),
    }
}

/// `--dry-run`'s list: `+` a new file, `~` a changed one, `-` a deletion.
fn print_plan(deployed: &sahifa::Deployed) {
    for change in &deployed.changes {
        match change {
            sahifa::Change::Upload { key, bytes, new } => {
                let mark = if *new { '+' } else { '~' };
                println!("{mark} {key} ({})", human_bytes(*bytes));
            }
            sahifa::Change::Delete { key } => println!("- {key}"),
        }
    }
}

fn deploy_summary(deployed: &sahifa::Deployed, dry_run: bool) -> String {
    let bold = Style::new().bold();
    let counts = format!(
        "{} ({}), {} unchanged, {}",
        count_s(deployed.uploaded, "file"),
        human_bytes(deployed.bytes),
        deployed.unchanged,
        count_s(deployed.deleted, "deletion"),
    );
    if dry_run {
        format!(
            "{bold}dry run{bold:#}: {} (`{}`) would get {counts}; nothing was changed",
            deployed.url, deployed.target
        )
    } else {
        format!(
            "{bold}deployed{bold:#} to {} (`{}`): {counts} in {:.1}s",
            deployed.url,
            deployed.target,
            deployed.elapsed.as_secs_f64()
        )
    }
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
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
