//! Starting points an editor asks for by name: `sahifa init` (a new site),
//! `sahifa new` (a new article) and `sahifa theme export` (the built-in
//! theme, copied into the site to restyle). Each writes plain files and
//! says which; none touches a file it did not create unless told to.

use crate::arabic::slug::SlugStyle;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::config::{commented_site_toml, Config};
use crate::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};

/// What a scaffolding command did to each file, for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrote {
    /// Written anew.
    Created(PathBuf),
    /// Already there and left alone (`init --force` keeps existing files).
    Kept(PathBuf),
    /// Already there with the same bytes.
    Unchanged(PathBuf),
    /// Replaced (`theme export --force`).
    Replaced(PathBuf),
    /// Already there, changed by the site, and not replaced.
    Refused(PathBuf),
}

/// The raw-text example `init` writes. Its read-also names the Markdown
/// example in another spelling (ى for ي, ه for ة, no hamza): resolution
/// finds it all the same.
const RAW_EXAMPLE: &str = "\
افتتاح معرض الكتاب السنوي في المدينة
تاريخ النشر: {date}
المدينة- افتتح صباح اليوم معرض الكتاب السنوي بمشاركة مئات دور النشر العربية، ويستمر عشرة أيام.

هذا مثال على خبر بصيغة النص الخام: السطر الأول عنوان، ثم سطر تاريخ النشر، ثم الفقرات، \
وأولها يبدأ بمدينة الخبر. بعد النص يأتي سطر المصدر، ثم عناوين أخبار ذات صلة تحت «إقرأ أيضاً».

المصدر: {site}
إقرأ أيضاً:
دليل الزوار الى معرض الكتاب السنوى
";

/// The Markdown example `init` writes; it links back to the raw one.
const MARKDOWN_EXAMPLE: &str = "\
+++
title = \"دليل الزوار إلى معرض الكتاب السنوي\"
date = {date}
author = \"فريق التحرير\"
tags = [\"ثقافة\", \"كتب\"]
read_also = [\"افتتاح معرض الكتاب السنوي في المدينة\"]
+++

المدينة- يفتح المعرض أبوابه من العاشرة صباحاً حتى العاشرة مساءً، والدخول مجاني.

هذا مثال على خبر بصيغة **Markdown**: الحقول بين سطري `+++` (أو `---` بصيغة YAML)، \
والنص بعدها. الحقل `read_also` يربط هذا الخبر بخبر آخر بعنوانه.
";

const GITIGNORE: &str = "\
# sahifa's output, its build and picture caches, unfinished builds and
# how the last build went (read by `sahifa deploy`)
/public/
/.public.sahifa-cache
/.public.sahifa-status
/.public.sahifa-images/
/.public.sahifa-new-*
";

/// Makes a new site in `dir`: a commented `site.toml`, two example
/// articles that read-also each other, and a `.gitignore`. A folder that
/// holds anything is refused unless `force`, which adds only missing files.
pub fn init(dir: &Path, force: bool, now: DateTime<FixedOffset>) -> Result<Vec<Wrote>, String> {
    let has_files = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !force {
        return Err(format!(
            "{} is not empty: `sahifa init` starts a site in a new or empty folder \
             (`--force` adds only the files that are missing)",
            dir.display()
        ));
    }
    let title = "صحيفتي";
    let date = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    // The address is the newsroom's to give: suggested, not set, so that a
    // build before it is given says so rather than publishing a stranger's.
    let placeholder = format!("\"{}\"", crate::config::PLACEHOLDER_BASE_URL);
    let site_toml = commented_site_toml(
        &[
            ("title", &format!("\"{title}\"")),
            ("timezone", &format!("\"{}\"", now.offset())),
        ],
        &[("base_url", &placeholder)],
    );
    let fill = |text: &str| text.replace("{date}", &date).replace("{site}", title);
    let files = [
        (PathBuf::from(crate::config::CONFIG_FILE), site_toml),
        (
            PathBuf::from("content/opening-of-the-book-fair.txt"),
            fill(RAW_EXAMPLE),
        ),
        (
            PathBuf::from("content/book-fair-visitors-guide.md"),
            fill(MARKDOWN_EXAMPLE),
        ),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
    ];
    files
        .iter()
        .map(|(rel, text)| create(&dir.join(rel), text.as_bytes(), Existing::Keep))
        .collect()
}

/// Writes a new article titled `title` under `root/content/` (in the
/// folder `section` when given), dated `now`, as raw text or Markdown.
/// Returns its path.
pub fn new_article(
    root: &Path,
    title: &str,
    markdown: bool,
    section: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() || title.contains('\n') {
        return Err("the title must be one line of text".into());
    }
    // Direction marks and zero-width joiners alone show nothing.
    let visible = |c: char| {
        use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
        !c.is_whitespace() && !c.is_control() && c.general_category() != GeneralCategory::Format
    };
    if !title.chars().any(visible) {
        return Err("the title has nothing a reader would see: write its words".into());
    }
    let mut folder = root.join("content");
    if let Some(section) = section {
        let clean = crate::arabic::slug::clean_user_slug(section, SlugStyle::Headline)
            .ok_or_else(|| format!("«{section}» cannot be a folder name"))?;
        folder.push(clean);
    }
    let date = now.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let (extension, text) = if markdown {
        ("md", markdown_skeleton(title, &date)?)
    } else {
        ("txt", raw_skeleton(title, &date, section))
    };
    let stem = format!(
        "{}-{}",
        now.format("%Y-%m-%d"),
        crate::arabic::slug::headline_slug(title).unwrap_or_else(|| "article".into())
    );
    let path = free_name(&folder, &stem, extension);
    match create(&path, text.as_bytes(), Existing::Keep)? {
        Wrote::Created(path) => Ok(path),
        _ => Err(format!("{} already exists", path.display())),
    }
}

/// A raw article with every line the format knows, the parts the editor
/// fills in holding `content::placeholder`'s words: the byline, the
/// section (when given), a dateline opening the first paragraph, the source.
fn raw_skeleton(title: &str, date: &str, section: Option<&str>) -> String {
    use crate::content::placeholder::{AUTHOR, BODY, CITY, LEAD, SOURCE};
    let section = section.map_or_else(String::new, |s| format!("القسم: {s}\n"));
    format!(
        "{title}\nتاريخ النشر: {date}\nكتب: {AUTHOR}\n{section}\n\
         {CITY}- {LEAD}\n\n{BODY}\n\nالمصدر: {SOURCE}\n"
    )
}

/// A Markdown article with the front matter a story has (its section is
/// its folder's) and a dateline opening the first paragraph.
fn markdown_skeleton(title: &str, date: &str) -> Result<String, String> {
    use crate::content::placeholder::{AUTHOR, BODY, CITY, LEAD, SOURCE};
    let quoted = serde_json::to_string(title).map_err(|e| e.to_string())?;
    Ok(format!(
        "+++\ntitle = {quoted}\ndate = {date}\nauthors = [\"{AUTHOR}\"]\n\
         source = \"{SOURCE}\"\ntags = []\n+++\n\n{CITY}- {LEAD}\n\n{BODY}\n"
    ))
}

/// `folder/stem.ext`, or `stem-2.ext`, `stem-3.ext` … when taken.
fn free_name(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut path = folder.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{stem}-{n}.{extension}"));
        n += 1;
    }
    path
}

/// "Now" in the site's time zone, for `new` and `init`.
pub fn now_in(config: &Config) -> Result<DateTime<FixedOffset>, String> {
    Ok(config.zone()?.localize(&chrono::Utc::now().fixed_offset()))
}

/// Writes the built-in templates into `dir/templates/` and its static files
/// into `dir/static/`, for a newsroom to restyle. A file already there with
/// other bytes (the site changed it) is kept unless `force`.
pub fn export_theme(dir: &Path, force: bool) -> Result<Vec<Wrote>, String> {
    let templates = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (Path::new("templates").join(name), text.as_bytes()));
    let statics = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| (Path::new("static").join(name), *bytes));
    templates
        .chain(statics)
        .map(|(rel, bytes)| {
            let existing = if force {
                Existing::Replace
            } else {
                Existing::Refuse
            };
            refuse_links_under(dir, &rel)?;
            create(&dir.join(rel), bytes, existing)
        })
        .collect()
}

/// Refuses to write through a link or into anything but a regular file
/// under `dir`: `templates/` linking out of the site, or a file that is a
/// link (whose target `--force` would overwrite), a pipe (which would hang
/// the command) or a device (`/dev/zero`, read for ever).
fn refuse_links_under(dir: &Path, rel: &Path) -> Result<(), String> {
    let mut at = dir.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for (n, part) in parts.iter().enumerate() {
        at.push(part);
        let last = n + 1 == parts.len();
        let Ok(meta) = fs::symlink_metadata(&at) else {
            return Ok(());
        };
        let kind = meta.file_type();
        if (last && kind.is_file()) || (!last && kind.is_dir()) {
            continue;
        }
        let what = if kind.is_symlink() {
            "a link"
        } else {
            "a pipe, a device or another kind of file"
        };
        return Err(format!(
            "{} is {what}, not a {}: sahifa does not write through it; remove it, or export \
             into another folder",
            at.display(),
            if last { "file" } else { "folder" }
        ));
    }
    Ok(())
}

/// The bytes of the file at `path` when there is one: read up to a little
/// more than `expected`, enough to tell they differ.
fn read_current(path: &Path, expected: usize) -> Result<Option<Vec<u8>>, String> {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(meta) if !meta.is_file() => {
            return Err(format!(
                "{} is not a regular file (a pipe, a device or a folder): remove it",
                path.display()
            ))
        }
        _ => {}
    }
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut current = Vec::new();
    let limit = u64::try_from(expected)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit), &mut current)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Some(current))
}

/// What to do with a file that is already there with other bytes.
#[derive(Clone, Copy)]
enum Existing {
    /// Leave it: it is the site's own (`init --force`).
    Keep,
    /// Leave it, and say the command could not write it (`theme export`).
    Refuse,
    /// Write over it (`theme export --force`).
    Replace,
}

/// Creates `path` with `bytes`; a file already there is handled as
/// `existing` says. The result says what happened.
fn create(path: &Path, bytes: &[u8], existing: Existing) -> Result<Wrote, String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if let Some(current) = read_current(path, bytes.len())? {
        let path = path.to_path_buf();
        if current == bytes {
            return Ok(Wrote::Unchanged(path));
        }
        return Ok(match existing {
            Existing::Keep => Wrote::Kept(path),
            Existing::Refuse => Wrote::Refused(path),
            Existing::Replace => {
                fs::write(&path, bytes).map_err(failed)?;
                Wrote::Replaced(path)
            }
        });
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(failed)?;
    }
    // `create_new`: a file that appeared meanwhile is not overwritten.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, bytes))
        .map_err(failed)?;
    Ok(Wrote::Created(path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SourceFile, SourceKind};

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-01T22:30:00+03:00").unwrap_or_else(|e| panic!("{e}"))
    }

    fn parse(path: &Path) -> crate::content::Article {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let kind = if path.extension().is_some_and(|e| e == "md") {
            SourceKind::Markdown
        } else {
            SourceKind::Raw
        };
        let source = SourceFile {
            path: path.to_path_buf(),
            id: "x".into(),
            kind,
            text,
            modified: None,
        };
        let (article, notes) = crate::content::parse(&source, *now().offset());
        assert!(notes.is_empty(), "{notes:?}");
        article.unwrap_or_else(|| panic!("{} must parse", path.display()))
    }

    #[test]
    fn new_articles_parse_with_their_title_and_date() {
        use crate::content::placeholder::{AUTHOR, CITY, LEAD, SOURCE};
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for markdown in [false, true] {
            let path = new_article(
                dir.path(),
                "وزارة الصحة تطلق \"حملة\"",
                markdown,
                None,
                now(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert!(path.starts_with(dir.path().join("content")));
            let article = parse(&path);
            assert_eq!(article.title, "وزارة الصحة تطلق \"حملة\"");
            assert_eq!(article.date, now());
            // The byline, dateline and source, each where the parser reads it.
            assert_eq!(article.authors, [AUTHOR], "{markdown}");
            assert_eq!(article.city.as_deref(), Some(CITY), "{markdown}");
            assert_eq!(article.source.as_deref(), Some(SOURCE), "{markdown}");
            assert!(article.lead.starts_with(LEAD), "{}", article.lead);
        }
        let again = new_article(
            dir.path(),
            "وزارة الصحة تطلق \"حملة\"",
            false,
            Some("health"),
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parse(&again).section.as_deref(), Some("health"));
        assert!(
            again.starts_with(dir.path().join("content/health")),
            "{}",
            again.display()
        );
        let twice = new_article(dir.path(), "وزارة الصحة تطلق \"حملة\"", false, None, now())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            twice.to_string_lossy().ends_with("-2.txt"),
            "{}",
            twice.display()
        );
        assert!(new_article(dir.path(), "  ", false, None, now()).is_err());
        assert!(new_article(dir.path(), "x", false, Some(".."), now()).is_err());
    }

    #[test]
    fn init_refuses_a_folder_with_files_unless_forced() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let wrote = init(dir.path(), false, now()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            wrote.iter().all(|w| matches!(w, Wrote::Created(_))),
            "{wrote:?}"
        );
        for w in &wrote {
            if let Wrote::Created(path) = w {
                if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                    parse(path);
                }
            }
        }
        assert!(init(dir.path(), false, now()).is_err_and(|e| e.contains("not empty")));
        fs::write(dir.path().join("site.toml"), "title = \"mine\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        fs::remove_file(dir.path().join(".gitignore")).unwrap_or_else(|e| panic!("{e}"));
        let forced = init(dir.path(), true, now()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            forced.contains(&Wrote::Kept(dir.path().join("site.toml"))),
            "{forced:?}"
        );
        assert!(
            forced.contains(&Wrote::Created(dir.path().join(".gitignore"))),
            "{forced:?}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("site.toml")).unwrap_or_default(),
            "title = \"mine\"\n"
        );
    }

    #[test]
    fn theme_export_keeps_changed_files_unless_forced() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = export_theme(dir.path(), false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.len(), DEFAULT_TEMPLATES.len() + DEFAULT_STATIC.len());
        let css = dir.path().join("static/style.css");
        fs::write(&css, "body{}").unwrap_or_else(|e| panic!("{e}"));
        let again = export_theme(dir.path(), false).unwrap_or_else(|e| panic!("{e}"));
        assert!(again.contains(&Wrote::Refused(css.clone())), "{again:?}");
        assert!(again.contains(&Wrote::Unchanged(dir.path().join("templates/base.html"))));
        assert_eq!(fs::read_to_string(&css).unwrap_or_default(), "body{}");
        let forced = export_theme(dir.path(), true).unwrap_or_else(|e| panic!("{e}"));
        assert!(forced.contains(&Wrote::Replaced(css.clone())), "{forced:?}");
        assert_ne!(fs::read_to_string(&css).unwrap_or_default(), "body{}");
    }
}
