//! Pictures: lead pictures from raw text and front matter, pictures in
//! Markdown bodies, `static/` paths and URLs; resized WebP and fallback
//! variants with `srcset`/`sizes`/`width`/`height`; share previews, JSON-LD
//! and feeds; every bad picture a named warning; the picture cache.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::common::*;
use crate::publishing::feed_python;

/// A `w × h` picture with some detail (a gradient), in `format`.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap_or_else(|e| panic!("{e}"));
    bytes
}

/// A JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6)
/// and carries a GPS-looking note that must not reach the output.
fn sideways_jpeg(w: u32, h: u32) -> Vec<u8> {
    let jpeg = picture(w, h, ImageFormat::Jpeg);
    let note = b"GPS 33.5138N 36.2765E\0";
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes()); // two entries
    tiff.extend_from_slice(&[0x01, 0x0e, 0, 2]); // ImageDescription, ASCII
    tiff.extend_from_slice(&(note.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&(8 + 2 + 2 * 12 + 4u32).to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(note);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The start of a BMP file: enough to be recognised, and refused.
const BMP: &[u8] = b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0";

/// PNG's chunk checksum, to forge a header.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid little PNG whose header claims 30,000 × 30,000 pixels.
fn bomb() -> Vec<u8> {
    let mut bytes = picture(8, 8, ImageFormat::Png);
    bytes[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn raw_article(title: &str, picture_lines: &str) -> String {
    format!("{title}\nتاريخ النشر: 2025-11-11\n{picture_lines}دمشق- نص الخبر الأول.\nالمصدر: سانا\n")
}

/// The `<picture>`'s WebP `srcset` in a page (lead or body).
fn webp_srcset(page: &str) -> Vec<String> {
    let start = page
        .find("<source type=\"image/webp\" srcset=\"")
        .unwrap_or_else(|| panic!("no WebP source in {page}"))
        + 34;
    let end = start + page[start..].find('"').unwrap_or(0);
    page[start..end].split(", ").map(str::to_string).collect()
}

fn site_with_pictures() -> tempfile::TempDir {
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/news/\"\ndefault_image = \"/img/logo.png\"\n\
             [[sections]]\nkey = \"economy\"\nname = \"اقتصاد\"\n",
        ),
        (
            "content/raw.txt",
            &raw_article(
                "خبر بصورة من النص الخام",
                "الصورة: images/lead.png\nتعليق الصورة: ساحة الأمويين مساء أمس.\nمصدر الصورة: رويترز\n",
            ),
        ),
        (
            "content/economy/md.md",
            "+++\ntitle = \"خبر بصورة من Markdown\"\ndate = 2025-11-10\nimage = \"photo.jpg\"\n\
             image_caption = \"صورة جانبية\"\nimage_credit = \"أ ف ب\"\n+++\n\
             الرياض- نص.\n\n![خريطة المنطقة](map%20small.png)\n\n![بعيدة](https://cdn.example/x.png)\n",
        ),
        (
            "content/remote.md",
            "+++\ntitle = \"خبر بصورة من موقع آخر\"\ndate = 2025-11-09\nimage = \"https://cdn.example/a.jpg\"\n+++\nنص.\n",
        ),
        (
            "content/static-path.md",
            "+++\ntitle = \"خبر بصورة من static\"\ndate = 2025-11-08\nimage = \"/img/wide.png\"\n+++\nنص.\n",
        ),
        (
            "content/plain.txt",
            &raw_article("خبر بلا صورة", ""),
        ),
    ]);
    let root = site.path();
    write(
        &root.join("content/images/lead.png"),
        &picture(1600, 900, ImageFormat::Png),
    );
    write(
        &root.join("content/economy/photo.jpg"),
        &sideways_jpeg(1000, 600),
    );
    write(
        &root.join("content/economy/map small.png"),
        &picture(640, 480, ImageFormat::Png),
    );
    write(
        &root.join("static/img/wide.png"),
        &picture(900, 300, ImageFormat::Png),
    );
    write(
        &root.join("static/img/logo.png"),
        &picture(1200, 630, ImageFormat::Png),
    );
    site
}

#[test]
fn every_input_form_becomes_resized_webp_and_fallback_variants() {
    let site = site_with_pictures();
    let outcome = build_ok(&options(site.path()));
    assert_eq!(
        outcome.report.problems(),
        0,
        "{:?}",
        outcome.report.diagnostics
    );
    assert_eq!((outcome.pictures, outcome.pictures_encoded), (5, 5));
    let out = site.path().join("public");

    // Raw text: the lead picture in every configured width, above the body.
    let (_, raw) = page_titled(&out, "خبر بصورة من النص الخام");
    let webp = webp_srcset(&raw);
    let widths: Vec<&str> = webp.iter().filter_map(|s| s.rsplit(' ').next()).collect();
    assert_eq!(widths, ["480w", "800w", "1200w"], "{webp:?}");
    for (entry, (w, h)) in webp.iter().zip([(480, 270), (800, 450), (1200, 675)]) {
        let url = entry.split(' ').next().unwrap_or_default();
        let rel = url.trim_start_matches("/news/");
        assert!(rel.starts_with("media/lead."), "{url}");
        for file in [rel.to_string(), rel.replace(".webp", ".png")] {
            let bytes = std::fs::read(out.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let decoded = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((decoded.width(), decoded.height()), (w, h), "{file}");
        }
    }
    assert!(
        raw.contains("sizes=\"(max-width: 47rem) 100vw, 756px\""),
        "{raw}"
    );
    assert!(raw.contains(" width=\"1200\" height=\"675\""), "{raw}");
    assert!(raw.contains("fetchpriority=\"high\""));
    let figure = &raw[raw.find("<figure").unwrap_or(0)..raw.find("</figure>").unwrap_or(0)];
    assert!(
        !figure.contains("loading=\"lazy\""),
        "the lead picture is not lazy"
    );
    assert!(figure.contains("<figcaption>ساحة الأمويين مساء أمس. <span class=\"credit\">الصورة: رويترز</span></figcaption>"), "{figure}");
    assert!(raw.find("<figure") < raw.find("class=\"article-body\""));
    // Share previews and structured data name the widest fallback, sized.
    let widest = "https://example.org/news/media/lead.";
    assert!(
        raw.contains(&format!("<meta property=\"og:image\" content=\"{widest}")),
        "{raw}"
    );
    assert!(raw.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(raw.contains("<meta property=\"og:image:height\" content=\"675\">"));
    assert!(raw.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(
        raw.contains(
            "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https://example.org/news/media/lead."
        ),
        "{raw}"
    );
    // The source file is not published as it is.
    assert!(!out.join("images/lead.png").exists());

    // Markdown: EXIF orientation applied (1000 × 600 sideways → 600 wide),
    // metadata gone; the body's own picture lazy and responsive; a remote
    // body picture untouched.
    let (_, md) = page_titled(&out, "خبر بصورة من Markdown");
    assert!(md.contains(" width=\"600\" height=\"1000\""), "{md}");
    assert!(md.contains("<figcaption>صورة جانبية <span class=\"credit\">الصورة: أ ف ب</span>"));
    let body = &md[md.find("class=\"article-body\"").unwrap_or(0)..];
    assert!(
        body.contains("<picture><source type=\"image/webp\" srcset=\"/news/media/map-small."),
        "{body}"
    );
    assert!(
        body.contains("alt=\"خريطة المنطقة\" loading=\"lazy\" decoding=\"async\""),
        "{body}"
    );
    assert!(
        body.contains("<img src=\"https://cdn.example/x.png\" alt=\"بعيدة\""),
        "{body}"
    );
    for entry in std::fs::read_dir(out.join("media"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif" || w == b"GPS "),
            "{:?} keeps metadata",
            entry.path()
        );
    }

    // A URL is used as it is; a static/ path like a content one.
    let (_, remote) = page_titled(&out, "خبر بصورة من موقع آخر");
    assert!(
        remote.contains("<img src=\"https://cdn.example/a.jpg\""),
        "{remote}"
    );
    assert!(remote.contains("<meta property=\"og:image\" content=\"https://cdn.example/a.jpg\">"));
    let (_, wide) = page_titled(&out, "خبر بصورة من static");
    assert!(wide.contains(" width=\"900\" height=\"300\""), "{wide}");
    assert!(
        !out.join("img/wide.png").exists(),
        "an article's picture from static/ is published resized only"
    );

    // An article without a picture shares the site's default_image.
    let (_, plain) = page_titled(&out, "خبر بلا صورة");
    assert!(!plain.contains("<figure"));
    assert!(
        plain
            .contains("<meta property=\"og:image\" content=\"https://example.org/news/media/logo."),
        "{plain}"
    );

    // Listings show thumbnails, lazily.
    let home = read(&out, "index.html");
    assert!(home.contains("<a class=\"thumb\""), "{home}");
    let thumb = &home[home.find("<a class=\"thumb\"").unwrap_or(0)..];
    assert!(thumb[..thumb.find("</a>").unwrap_or(0)].contains("loading=\"lazy\""));
}

#[test]
fn feeds_carry_the_picture() {
    let site = site_with_pictures();
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let rss = read(&out, "rss.xml");
    assert!(
        rss.contains("<enclosure url=\"https://example.org/news/media/lead."),
        "{rss}"
    );
    assert!(rss.contains("type=\"image/png\""));
    assert!(read(&out, "atom.xml")
        .contains("<link rel=\"enclosure\" href=\"https://example.org/news/media/lead."));
    assert!(read(&out, "feed.json").contains("\"image\": \"https://example.org/news/media/lead."));
    let Some(python) = feed_python() else {
        require("feedparser (.ci/tools/venv)", false);
        return;
    };
    let script = "import feedparser, sys\n\
        for name in ('rss.xml', 'atom.xml'):\n\
        \x20   feed = feedparser.parse(sys.argv[1] + '/' + name)\n\
        \x20   entry = [e for e in feed.entries if e.title == 'خبر بصورة من النص الخام'][0]\n\
        \x20   print(name, entry.enclosures[0].href, entry.enclosures[0].type)\n";
    let result = Command::new(python)
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let printed = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for name in ["rss.xml", "atom.xml"] {
        assert!(
            printed.contains(&format!("{name} https://example.org/news/media/lead.")),
            "{printed}"
        );
    }
    assert!(printed.contains("image/png"), "{printed}");
}

#[test]
fn every_bad_picture_is_named_and_its_article_builds_without_it() {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        &outside.path().join("secret.png"),
        &picture(10, 10, ImageFormat::Png),
    );
    let mut png = picture(400, 300, ImageFormat::Png);
    let cut = png.len() / 2;
    let bad: [(&str, &str, Vec<u8>, &str); 7] = [
        ("missing", "images/none.png", Vec::new(), "does not exist"),
        (
            "truncated",
            "images/cut.png",
            png.drain(..cut).collect(),
            "damaged or cut short",
        ),
        (
            "misnamed",
            "images/photo.jpg",
            picture(40, 30, ImageFormat::Png),
            "is a PNG picture named «.jpg»",
        ),
        (
            "unsupported",
            "images/old.bmp",
            BMP.to_vec(),
            "is a BMP picture",
        ),
        ("bomb", "images/bomb.png", bomb(), "30000 × 30000 pixels"),
        (
            "not a picture",
            "images/notes.png",
            b"hello".to_vec(),
            "not a picture",
        ),
        ("outside", "", Vec::new(), "outside content/ and static/"),
    ];
    let site = site(&[]);
    let root = site.path();
    for (i, (name, path, bytes, _)) in bad.iter().enumerate() {
        let src = if *name == "outside" {
            let link = root.join("content/images/escape.png");
            std::fs::create_dir_all(link.parent().unwrap_or(root))
                .unwrap_or_else(|e| panic!("{e}"));
            std::os::unix::fs::symlink(outside.path().join("secret.png"), &link)
                .unwrap_or_else(|e| panic!("{e}"));
            "../content/images/escape.png".to_string()
        } else {
            if !bytes.is_empty() {
                write(&root.join("content").join(path), bytes);
            }
            path.to_string()
        };
        write(
            &root.join(format!("content/{i}.txt")),
            raw_article(&format!("خبر رقم {i}"), &format!("الصورة: {src}\n")).as_bytes(),
        );
    }
    let outcome = build_ok(&options(root));
    let out = root.join("public");
    for (i, (name, _, _, reason)) in bad.iter().enumerate() {
        let (_, page) = page_titled(&out, &format!("خبر رقم {i}"));
        assert!(!page.contains("<figure"), "{name}: {page}");
        let warning = outcome.report.diagnostics.iter().find(|d| {
            d.kind == sahifa::Kind::Image
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with(format!("{i}.txt")))
        });
        let warning = warning.unwrap_or_else(|| panic!("{name}: no warning"));
        assert_eq!(warning.line, Some(3), "{name}");
        assert!(
            warning.message.contains(reason) && warning.message.contains("published without it"),
            "{name}: {}",
            warning.message
        );
    }
    assert!(!out.join("media").exists(), "nothing was made of them");
    // Nor is a damaged file copied as it is: no page shows it.
    for (name, path, bytes, _) in &bad {
        if !bytes.is_empty() {
            assert!(!out.join(path).exists(), "{name}: {path} was published");
            let warning =
                outcome.report.diagnostics.iter().find(|d| {
                    d.message.contains(path) && d.message.contains("left out of the site")
                });
            assert!(warning.is_some(), "{name}: not said to be left out");
        }
    }
}

/// The cache folders' names (one per picture and parameters).
fn cached(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(".public.sahifa-images"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_rebuild_encodes_only_new_or_changed_pictures() {
    let site = site_with_pictures();
    let root = site.path();
    let first = build_ok(&options(root));
    assert_eq!(first.pictures_encoded, 5);
    let before = cached(root);
    assert_eq!(before.len(), 5, "{before:?}");
    // An edit elsewhere: the pictures all come from the cache.
    write(
        &root.join("content/plain.txt"),
        raw_article("خبر بلا صورة معدل", "").as_bytes(),
    );
    let second = build_ok(&options(root));
    assert_eq!((second.pictures, second.pictures_encoded), (5, 0));
    // Even into an empty output: the cache is beside it, not in it.
    std::fs::remove_dir_all(root.join("public")).unwrap_or_else(|e| panic!("{e}"));
    let third = build_ok(&options(root));
    assert_eq!(third.pictures_encoded, 0);
    assert!(read(&root.join("public"), "index.html").contains("media/lead."));
    // One picture changed: only it is encoded, under a new name.
    write(
        &root.join("content/images/lead.png"),
        &picture(1400, 700, ImageFormat::Png),
    );
    let fourth = build_ok(&options(root));
    assert_eq!((fourth.pictures, fourth.pictures_encoded), (5, 1));
    let (_, raw) = page_titled(&root.join("public"), "خبر بصورة من النص الخام");
    assert!(raw.contains(" width=\"1200\" height=\"600\""), "{raw}");
    // Listings show the new thumbnail too: every picture a page names is there.
    for (rel, html) in html_pages(&root.join("public")) {
        for url in html.split("\"/news/media/").skip(1) {
            let name = url.split([' ', '"']).next().unwrap_or_default();
            let file = root.join("public/media").join(name);
            assert!(file.is_file(), "{rel} names a missing {name}");
        }
    }
    let after = cached(root);
    assert_eq!(after.len(), 6);
    assert!(before.iter().all(|name| after.contains(name)));
}

#[test]
fn check_checks_pictures_and_writes_nothing() {
    let site = site_with_pictures();
    write(&site.path().join("content/images/lead.png"), b"not a png");
    let outcome = sahifa::check(&options(site.path()));
    assert!(outcome.report.diagnostics.iter().any(|d| d
        .message
        .contains("picture «images/lead.png» is not a picture")));
    assert!(!site.path().join(".public.sahifa-images").exists());
    assert!(!site.path().join("public").exists());
}

/// The first `srcset` URL of a WebP source in `html`.
fn first_webp(html: &str) -> String {
    webp_srcset(html)[0]
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn serve_makes_pictures_when_asked_and_follows_a_replaced_one() {
    use crate::common::serve::*;
    let site = site_with_pictures();
    let root = site.path();
    let server = Server::start_in(root, None, &["--port", "0"]);
    let home = get(server.port, "/news/");
    assert_eq!(home.status, 200);
    let url = first_webp(&home.text());
    assert!(url.starts_with("/news/media/"), "{url}");
    assert!(
        !root.join(".public.sahifa-images").exists(),
        "nothing encoded before a browser asks"
    );
    // Not encoded before: this request encodes it.
    let served = get(server.port, &url);
    assert_eq!(served.status, 200, "{url}");
    assert_eq!(served.header("content-type"), Some("image/webp"));
    let decoded = image::load_from_memory(&served.body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded.width(), 480);
    assert_eq!(
        get(server.port, "/news/media/none.0000000000000000-480.webp").status,
        404
    );
    // A picture file replaced under a running preview: a new name, new pixels.
    write(
        &root.join("content/images/lead.png"),
        &picture(960, 480, ImageFormat::Png),
    );
    let page = url_of("2025/11/11/خبر-بصورة-من-النص-الخام/index.html");
    let page = page.replacen('/', "/news/", 1);
    let shown = wait_for(server.port, &page, "width=\"960\" height=\"480\"");
    let newer = first_webp(&shown.text());
    assert_ne!(newer, url);
    let decoded =
        image::load_from_memory(&get(server.port, &newer).body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((decoded.width(), decoded.height()), (480, 240));
}

#[test]
fn serve_reports_a_damaged_picture_nobody_opened_as_build_does() {
    use crate::common::serve::*;
    let site = site_with_pictures();
    let root = site.path();
    // Headers intact, pixels cut short: planned from the header, it only
    // fails when decoded. One under content/, one under static/.
    let mut cut = picture(800, 400, ImageFormat::Png);
    cut.truncate(cut.len() / 2);
    write(&root.join("content/images/lead.png"), &cut);
    write(&root.join("static/img/wide.png"), &cut);
    let server = Server::start_in(root, None, &["--port", "0"]);
    for src in ["images/lead.png", "/img/wide.png"] {
        let line = server.wait_line(&format!("picture «{src}» cannot be decoded"));
        assert!(line.contains("damaged or cut short"), "{line}");
        assert!(
            line.contains("the article is published without it"),
            "{line}"
        );
    }
    // The articles are shown without them, as `build` publishes them
    // (a warning is printed once its rebuild is served).
    let page = url_of("2025/11/11/خبر-بصورة-من-النص-الخام/index.html").replacen('/', "/news/", 1);
    let html = get(server.port, &page).text();
    assert!(html.contains("خبر بصورة من النص الخام"), "{html}");
    assert!(!html.contains("/news/media/lead."), "{html}");
    assert!(
        !root.join(".public.sahifa-images").exists(),
        "the check decodes and encodes nothing"
    );
}

/// Issue 32, item 1: a file named as an article's picture is never
/// published as it is — from `content/` or `static/`, made into variants
/// or refused — by `build` or `serve`; `default_image` (the site's logo,
/// which templates may show) is.
#[test]
fn a_file_named_as_an_articles_picture_is_never_published_as_it_is() {
    use crate::common::serve::*;
    let site = site_with_pictures();
    let root = site.path();
    let mut cut = picture(800, 400, ImageFormat::Png);
    cut.truncate(cut.len() / 2);
    write(
        &root.join("content/images/IMG_0001.heic"),
        b"\0\0\0\x18ftypheic\0\0\0\0",
    );
    write(&root.join("static/img/cut.png"), &cut);
    write(
        &root.join("content/refused.md"),
        "+++\ntitle = \"خبر بصورة من الهاتف\"\ndate = 2025-11-07\nimage = \"images/IMG_0001.heic\"\n+++\nنص.\n\n![مقطوعة](/img/cut.png)\n"
            .as_bytes(),
    );
    let outcome = build_ok(&options(root));
    let out = root.join("public");
    for raw in [
        "images/lead.png",
        "images/IMG_0001.heic",
        "img/wide.png",
        "img/cut.png",
    ] {
        assert!(!out.join(raw).exists(), "{raw} published as it is");
    }
    assert!(
        out.join("img/logo.png").is_file(),
        "default_image is the site's own"
    );
    assert!(outcome
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not published as they are")));
    let server = Server::start_in(root, None, &["--port", "0"]);
    for raw in [
        "images/lead.png",
        "images/IMG_0001.heic",
        "img/wide.png",
        "img/cut.png",
    ] {
        assert_eq!(
            get(server.port, &format!("/news/{raw}")).status,
            404,
            "{raw}"
        );
    }
    assert_eq!(get(server.port, "/news/img/logo.png").status, 200);
    // Saved again while serving: still only its resized copies.
    write(
        &root.join("content/images/lead.png"),
        &picture(960, 480, ImageFormat::Png),
    );
    let page = url_of("2025/11/11/خبر-بصورة-من-النص-الخام/index.html").replacen('/', "/news/", 1);
    wait_for(server.port, &page, "width=\"960\" height=\"480\"");
    assert_eq!(get(server.port, "/news/images/lead.png").status, 404);
}

/// Issue 32, item 4: the picture cache lives in the site's folder (a cloned
/// repository may carry one), so nothing in it is trusted: a variant that
/// is a link, a file of another size or no picture of the recorded size is
/// encoded afresh, never published.
#[test]
fn a_planted_picture_cache_is_never_published() {
    let site = site_with_pictures();
    let root = site.path();
    build_ok(&options(root));
    let secret = root.join("secret.txt");
    write(&secret, b"root:$6$planted-secret");
    let store = root.join(".public.sahifa-images");
    let entries: Vec<std::path::PathBuf> = std::fs::read_dir(&store)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    assert!(entries.len() >= 3, "{entries:?}");
    // One entry's variant a link to the secret, one's replaced by other
    // bytes, one's meta claiming an absurd size.
    let webp = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "webp"))
            .unwrap_or_else(|| panic!("no webp in {}", dir.display()))
    };
    let linked = webp(&entries[0]);
    std::fs::remove_file(&linked).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&secret, &linked).unwrap_or_else(|e| panic!("{e}"));
    let replaced = webp(&entries[1]);
    let len = std::fs::metadata(&replaced)
        .map(|m| m.len())
        .unwrap_or_default();
    let mut junk = b"<script>alert(1)</script>".to_vec();
    junk.resize(usize::try_from(len).unwrap_or_default(), b' ');
    write(&replaced, &junk);
    let meta = entries[2].join("meta");
    let text = std::fs::read_to_string(&meta).unwrap_or_default();
    let absurd = text.replacen('\n', "\n99999 99999 1 1\n", 1);
    write(&meta, absurd.as_bytes());
    // As a fresh clone of the site's repository: no output yet.
    std::fs::remove_dir_all(root.join("public")).unwrap_or_else(|e| panic!("{e}"));
    let rebuilt = build_ok(&options(root));
    assert!(
        rebuilt.pictures_encoded >= 3,
        "{}",
        rebuilt.pictures_encoded
    );
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !entry.path_is_symlink(),
            "{} is a link",
            entry.path().display()
        );
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("planted-secret"),
                "{}",
                entry.path().display()
            );
            assert!(
                !text.contains("<script>alert(1)"),
                "{}",
                entry.path().display()
            );
        }
    }
    // The cache folder itself a link: not written through.
    let elsewhere = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&store).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(elsewhere.path(), &store).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(root.join("public")).unwrap_or_else(|e| panic!("{e}"));
    build_ok(&options(root));
    assert_eq!(
        std::fs::read_dir(elsewhere.path())
            .map(|d| d.count())
            .unwrap_or(1),
        0
    );
}

/// The page's JSON-LD item of `kind` (scripts and arrays looked through).
fn json_ld_of(page: &str, kind: &str) -> serde_json::Value {
    let items: Vec<serde_json::Value> = page
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .filter_map(|rest| rest.split("</script>").next())
        .map(|text| serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")))
        .flat_map(|value: serde_json::Value| match value {
            serde_json::Value::Array(items) => items,
            item => vec![item],
        })
        .collect();
    let found = items.iter().find(|item| item["@type"] == kind);
    found
        .cloned()
        .unwrap_or_else(|| panic!("no {kind}: {items:?}"))
}

/// Issue 33, item 4: a writer's profile from `data/authors.toml` (matched
/// to bylines spelled differently), shown on their page with the photo
/// resized like lead pictures, linked from bylines, and in JSON-LD.
#[test]
fn an_author_profile_is_shown_with_photo_and_linked_from_bylines() {
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/\"\n"),
        (
            "content/a.md",
            "+++\ntitle = \"أسواق الخليج تفتح على ارتفاع\"\ndate = 2025-11-11T09:00:00+03:00\nauthors = [\"أحمد الشريف\", \"ليلى\"]\n+++\nدبي- نص الخبر.\n",
        ),
        (
            "content/b.txt",
            "النفط يتراجع\nتاريخ النشر: 2025-11-10 10:00\nكتب: احمد الشريف\nالرياض- نص الخبر الثاني.\n",
        ),
        (
            "data/authors.toml",
            "[\"أحمد الشريف\"]\nrole = \"مراسل الشؤون الاقتصادية\"\nphoto = \"/authors/ahmad.jpg\"\nbio = \"يغطي أسواق الخليج منذ 2015.\"\nlinks = [\"https://x.com/ahmad\", \"https://www.linkedin.com/in/ahmad\"]\n",
        ),
    ]);
    write(
        &site.path().join("static/authors/ahmad.jpg"),
        &picture(900, 900, ImageFormat::Jpeg),
    );
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let profiles: Vec<(String, String)> = html_pages(&out)
        .into_iter()
        .filter(|(_, page)| page.contains("class=\"author-profile\""))
        .collect();
    assert_eq!(profiles.len(), 1, "one profiled writer");
    let (path, page) = &profiles[0];
    assert!(path.starts_with("authors/"), "{path}");
    assert!(
        page.contains("<p class=\"role\">مراسل الشؤون الاقتصادية</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"bio\">يغطي أسواق الخليج منذ 2015.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://x.com/ahmad\" rel=\"me noopener\">x.com</a>"),
        "{page}"
    );
    assert!(page.contains(">linkedin.com</a>"), "{page}");
    assert!(
        page.contains("<p class=\"count\">خبران</p>"),
        "both spellings: {page}"
    );
    // The photo resized like lead pictures, the original never published.
    let webp = webp_srcset(page);
    assert!(
        !webp.is_empty() && webp.iter().all(|v| v.contains("/media/")),
        "{page}"
    );
    assert!(page.contains("alt=\"أحمد الشريف\""), "{page}");
    assert!(!out.join("authors/ahmad.jpg").exists());
    // Structured data: the page is the writer's profile.
    let profile = json_ld_of(page, "ProfilePage");
    assert_eq!(profile["mainEntity"]["jobTitle"], "مراسل الشؤون الاقتصادية");
    // Bylines link to the page, and the article's JSON-LD names the writer.
    let author_url = format!("/{}", path.trim_end_matches("index.html"));
    for title in ["أسواق الخليج تفتح على ارتفاع", "النفط يتراجع"]
    {
        let (_, article) = page_titled(&out, title);
        let byline = article
            .split("<p class=\"byline\">")
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or_else(|| panic!("no byline: {article}"));
        assert!(
            byline.contains(&format!("href=\"{author_url}\"")),
            "{byline}"
        );
        let ld = json_ld_of(&article, "NewsArticle");
        let person = &ld["author"][0];
        assert_eq!(person["jobTitle"], "مراسل الشؤون الاقتصادية", "{ld}");
        assert_eq!(person["sameAs"][0], "https://x.com/ahmad", "{ld}");
        let image = person["image"].as_str().unwrap_or_default();
        assert!(image.starts_with("https://example.org/media/"), "{ld}");
        assert!(
            person["url"]
                .as_str()
                .unwrap_or_default()
                .starts_with("https://example.org/authors/"),
            "{ld}"
        );
    }
    // A writer without a profile keeps a plain page and a plain Person.
    let (_, article) = page_titled(&out, "أسواق الخليج تفتح على ارتفاع");
    let ld = json_ld_of(&article, "NewsArticle");
    assert_eq!(
        ld["author"][1],
        serde_json::json!({"@type": "Person", "name": "ليلى"})
    );
}

/// Issue 33, item 5: `{{ figure(…) }}` is a body picture resized like the
/// others, with its caption and credit.
#[test]
fn a_figure_shortcode_is_a_resized_picture_with_its_words() {
    let site = site(&[(
        "content/a.md",
        "+++\ntitle = \"ملصق المهرجان\"\ndate = 2025-11-11\n+++\nتونس- نص الخبر.\n\n{{ figure(src=\"images/poster.png\", caption=\"ملصق <الدورة>\", credit=\"إدارة المهرجان\") }}\n",
    )]);
    write(
        &site.path().join("content/images/poster.png"),
        &picture(1000, 600, ImageFormat::Png),
    );
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let (_, page) = page_titled(&out, "ملصق المهرجان");
    let figure = page
        .split("<figure class=\"body-figure\">")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .unwrap_or_else(|| panic!("no figure: {page}"));
    assert!(!webp_srcset(figure).is_empty(), "{figure}");
    assert!(figure.contains("alt=\"ملصق &lt;الدورة&gt;\""), "{figure}");
    assert!(
        figure.contains("<figcaption>ملصق &lt;الدورة&gt; <span class=\"credit\">إدارة المهرجان</span></figcaption>"),
        "{figure}"
    );
    assert!(!out.join("images/poster.png").exists());
}

/// Issue 34, item 2: a section of `kind = "opinion"` lists its columns with
/// the writer's photo and name first, a column's page leads with the
/// writer, its JSON-LD is an `OpinionNewsArticle`, and the front page has
/// a columnists' strip.
#[test]
fn opinion_columns_lead_with_their_writer() {
    let site = site(&[
        (
            "site.toml",
            "base_url = \"https://example.org/\"\nsections = [{ key = \"opinion\", name = \"الرأي\", kind = \"opinion\" }, { key = \"economy\", name = \"اقتصاد\" }]\n",
        ),
        (
            "content/opinion/a.md",
            "+++\ntitle = \"الاقتصاد بعد الموازنة\"\ndate = 2025-11-11T09:00:00+03:00\nauthors = [\"سعاد الهاشمي\"]\n+++\nنص المقال.\n",
        ),
        (
            "content/opinion/b.md",
            "+++\ntitle = \"عن التعليم\"\ndate = 2025-11-10T09:00:00+03:00\nauthors = [\"محمد علي\"]\n+++\nنص المقال.\n",
        ),
        (
            "content/economy/c.md",
            "+++\ntitle = \"البورصة ترتفع\"\ndate = 2025-11-09T09:00:00+03:00\nauthors = [\"سعاد الهاشمي\"]\n+++\nبيروت- نص الخبر.\n",
        ),
        (
            "data/authors.toml",
            "[\"سعاد الهاشمي\"]\nrole = \"كاتبة اقتصادية\"\nphoto = \"/authors/suad.jpg\"\n",
        ),
    ]);
    write(
        &site.path().join("static/authors/suad.jpg"),
        &picture(600, 600, ImageFormat::Jpeg),
    );
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    let section = read(&out, "opinion/index.html");
    let first = section
        .split("<li class=\"teaser\">")
        .nth(1)
        .unwrap_or_else(|| panic!("{section}"));
    let columnist = first.find("<p class=\"columnist\">").unwrap_or(usize::MAX);
    let headline = first.find("<h2>").unwrap_or(0);
    assert!(
        columnist < headline,
        "the writer before the headline: {first}"
    );
    assert!(first.contains("<span>سعاد الهاشمي</span>"), "{first}");
    assert!(
        !webp_srcset(first).is_empty(),
        "the writer's photo: {first}"
    );
    let (_, column) = page_titled(&out, "الاقتصاد بعد الموازنة");
    let header = column
        .split("<header class=\"article-header\">")
        .nth(1)
        .and_then(|rest| rest.split("<h1>").next())
        .unwrap_or_else(|| panic!("{column}"));
    assert!(header.contains("<div class=\"columnist\">"), "{header}");
    assert!(
        header.contains("<span class=\"role\">كاتبة اقتصادية</span>"),
        "{header}"
    );
    assert!(
        column.contains("\"@type\":\"OpinionNewsArticle\""),
        "{column}"
    );
    // A news story by the same writer is news.
    let (_, news) = page_titled(&out, "البورصة ترتفع");
    assert!(news.contains("\"@type\":\"NewsArticle\"") && !news.contains("class=\"columnist\""));
    // The front page: the columnists' strip, one column a writer, newest first.
    let home = read(&out, "index.html");
    let strip = home
        .split("<section class=\"columnists\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("no strip: {home}"));
    assert!(strip.contains(">الرأي</a></h2>"), "{strip}");
    let writers: Vec<&str> = strip
        .split("<p class=\"columnist-name\">")
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
        .collect();
    assert_eq!(writers, ["سعاد الهاشمي", "محمد علي"], "{strip}");
}

#[test]
fn a_gallery_is_the_pictures_after_the_lead_each_resized_with_its_words() {
    let site = site(&[
        ("site.toml", "base_url = \"https://example.org/\"\n"),
        (
            "content/fair.md",
            "+++\ntitle = \"معرض الكتاب بالصور\"\ndate = 2025-11-11T09:00:00+03:00\n[[pictures]]\nsrc = \"images/hall.jpg\"\ncaption = \"القاعة الرئيسية\"\ncredit = \"رويترز\"\n[[pictures]]\nsrc = \"images/corner.png\"\ncaption = \"ركن <القراءة>\"\n[[pictures]]\nsrc = \"images/missing.jpg\"\ncaption = \"لا ملف لها\"\n[[pictures]]\nsrc = \"images/signing.jpg\"\ncredit = \"أ ف ب\"\n+++\nبيروت- افتتح المعرض.\n",
        ),
        (
            "content/fair.txt",
            "معرض آخر بالصور\nتاريخ النشر: 2025-11-10\nالصورة: images/hall.jpg\nتعليق الصورة: القاعة.\nبغداد- افتتح المعرض.\nالصورة: images/corner.png\nتعليق الصورة: الركن.\nمصدر الصورة: واع\nالمصدر: واع\n",
        ),
    ]);
    let images = site.path().join("content/images");
    write(
        &images.join("hall.jpg"),
        &picture(1600, 900, ImageFormat::Jpeg),
    );
    write(
        &images.join("corner.png"),
        &picture(1200, 800, ImageFormat::Png),
    );
    write(
        &images.join("signing.jpg"),
        &picture(900, 600, ImageFormat::Jpeg),
    );
    let outcome = build_ok(&options(site.path()));
    let out = site.path().join("public");

    let (_, page) = page_titled(&out, "معرض الكتاب بالصور");
    let lead = page
        .split("<figure class=\"lead-picture\">")
        .nth(1)
        .and_then(|f| f.split("</figure>").next())
        .unwrap_or_else(|| panic!("no lead picture: {page}"));
    assert!(
        lead.contains("/media/hall.") && lead.contains("القاعة الرئيسية"),
        "{lead}"
    );
    let gallery = page
        .split("<section class=\"gallery\" aria-labelledby=\"gallery-title\">")
        .nth(1)
        .and_then(|g| g.split("</section>").next())
        .unwrap_or_else(|| panic!("no gallery: {page}"));
    let shots: Vec<&str> = gallery.split("<li>").skip(1).collect();
    assert_eq!(shots.len(), 2, "the missing one is left out: {gallery}");
    // In order, each resized (WebP widths and a fallback), with its words.
    assert!(shots[0].contains("/media/corner.") && shots[1].contains("/media/signing."));
    for shot in &shots {
        assert!(webp_srcset(shot).len() >= 2, "{shot}");
        assert!(shot.contains("loading=\"lazy\""), "{shot}");
    }
    assert!(
        shots[0].contains("alt=\"ركن &lt;القراءة&gt;\""),
        "{}",
        shots[0]
    );
    assert!(shots[0].contains("<figcaption>ركن &lt;القراءة&gt;</figcaption>"));
    assert!(
        shots[1].contains("<span class=\"credit\">الصورة: أ ف ب</span>"),
        "{}",
        shots[1]
    );
    // Scrolls by keyboard, named for screen readers.
    assert!(gallery
        .contains("<ul class=\"gallery-strip\" tabindex=\"0\" aria-labelledby=\"gallery-title\">"));
    let ld = json_ld_of(&page, "NewsArticle");
    let urls: Vec<&str> = ld["image"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["url"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(urls.len(), 3, "{ld}");
    assert!(urls[0].contains("/media/hall.") && urls[2].contains("/media/signing."));
    let warned = outcome
        .report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("«images/missing.jpg»"));
    assert!(warned, "{:#?}", outcome.report.diagnostics);

    // Raw text: the second «الصورة:» group is the gallery's.
    let (_, raw) = page_titled(&out, "معرض آخر بالصور");
    let gallery = raw
        .split("<section class=\"gallery\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no gallery: {raw}"));
    assert!(
        gallery.contains("/media/corner.") && gallery.contains("الركن."),
        "{gallery}"
    );
    assert!(gallery.contains("واع"), "{gallery}");
}
