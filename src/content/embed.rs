//! Embeds: a clip or post of another site inside an article. They come
//! only from shortcodes in Markdown (`{{ youtube(id="…") }}`, Zola's
//! syntax, on a line of their own) and from a raw line that is nothing but
//! the address of a known provider; raw `<iframe>` and `<script>` stay
//! refused by the sanitiser. Parsing leaves a marker paragraph in the body
//! ([`marker`]) and the embed in [`super::Article::embeds`]; rendering puts
//! the reader-facing markup there (`render::embeds`), since its words come
//! from the strings table.

use std::fmt::Write;

/// What marks an embed's place in a body: `<p>` + this + its number + this
/// + `</p>`. A private-use character, which no article text means.
pub(crate) const MARK: char = '\u{E000}';

/// The marker paragraph of embed `n`, as the body's HTML holds it.
pub(crate) fn marker(n: usize) -> String {
    format!("<p>{MARK}{n}{MARK}</p>")
}

/// A site whose pages can be embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    YouTube,
    X,
    Instagram,
    Facebook,
    Vimeo,
    TikTok,
    SoundCloud,
}

impl Provider {
    pub const ALL: [Provider; 7] = [
        Provider::YouTube,
        Provider::X,
        Provider::Instagram,
        Provider::Facebook,
        Provider::Vimeo,
        Provider::TikTok,
        Provider::SoundCloud,
    ];

    /// Its shortcode and its key in `embed_origins` and the strings table.
    pub fn key(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::X => "x",
            Provider::Instagram => "instagram",
            Provider::Facebook => "facebook",
            Provider::Vimeo => "vimeo",
            Provider::TikTok => "tiktok",
            Provider::SoundCloud => "soundcloud",
        }
    }

    /// Where its player is loaded from, unless `embed_origins` says.
    pub fn origin(self) -> &'static str {
        match self {
            // The address YouTube gives for embeds that set no cookie.
            Provider::YouTube => "https://www.youtube-nocookie.com",
            Provider::X => "https://platform.twitter.com",
            Provider::Instagram => "https://www.instagram.com",
            Provider::Facebook => "https://www.facebook.com",
            Provider::Vimeo => "https://player.vimeo.com",
            Provider::TikTok => "https://www.tiktok.com",
            Provider::SoundCloud => "https://w.soundcloud.com",
        }
    }

    /// A video (16:9) rather than a post or a player of its own height.
    pub fn is_video(self) -> bool {
        matches!(
            self,
            Provider::YouTube | Provider::Vimeo | Provider::Facebook
        )
    }
}

/// One embed of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Embed {
    /// A provider's clip or post: `id` is what its player needs (a video
    /// id, a post number, or the page's address), `url` the page readers
    /// are linked to.
    Provider {
        provider: Provider,
        id: String,
        url: String,
    },
    /// `{{ figure(src=…, caption=…, credit=…) }}`: a picture with its words
    /// (`src` is also among the body's pictures, processed like them).
    Figure {
        src: String,
        caption: String,
        credit: String,
    },
    /// A shortcode of the site's own: `templates/shortcodes/NAME.html`,
    /// given the arguments as variables.
    User {
        name: String,
        args: Vec<(String, String)>,
        line: usize,
    },
}

/// The provider page `url` is, when it is one: the embed it makes.
pub(crate) fn from_url(url: &str) -> Option<Embed> {
    let url = url.trim();
    if url.contains(char::is_whitespace) || url.contains(['"', '<', '>', '\'', '`']) {
        return None;
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .or_else(|| host.strip_prefix("mobile."))
        .unwrap_or(&host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let provider_embed = |provider, id: &str| {
        Some(Embed::Provider {
            provider,
            id: id.to_string(),
            url: url.to_string(),
        })
    };
    match (host, segments.as_slice()) {
        ("youtube.com", ["watch"]) => {
            let id = query_value(query, "v")?;
            youtube_id(id).and_then(|id| provider_embed(Provider::YouTube, id))
        }
        ("youtube.com", ["shorts" | "embed" | "live", id]) | ("youtu.be", [id]) => {
            youtube_id(id).and_then(|id| provider_embed(Provider::YouTube, id))
        }
        ("twitter.com" | "x.com", [_, "status", id, ..]) if is_number(id) => {
            provider_embed(Provider::X, id)
        }
        ("instagram.com", ["p" | "reel" | "tv", code, ..]) if is_code(code) => {
            provider_embed(Provider::Instagram, code)
        }
        ("facebook.com", [_, "videos", .., id]) if is_number(id) => {
            provider_embed(Provider::Facebook, url)
        }
        ("facebook.com", ["watch"]) if query_value(query, "v").is_some_and(is_number) => {
            provider_embed(Provider::Facebook, url)
        }
        ("fb.watch", [code]) if is_code(code) => provider_embed(Provider::Facebook, url),
        ("vimeo.com", [id]) if is_number(id) => provider_embed(Provider::Vimeo, id),
        ("tiktok.com", [user, "video", id]) if user.starts_with('@') && is_number(id) => {
            provider_embed(Provider::TikTok, id)
        }
        ("soundcloud.com", [user, track]) if is_code(user) && is_code(track) => {
            provider_embed(Provider::SoundCloud, url)
        }
        _ => None,
    }
}

/// Whether a line of raw text is a provider's address, so an embed: the
/// story's own, never page debris, lead or dateline. Cheap for the lines
/// that are not (most do not start with `http`).
pub(crate) fn is_provider_line(line: &str) -> bool {
    line.starts_with("http") && from_url(line).is_some()
}

/// A built-in shortcode's embed: `youtube(id=…)`, `vimeo(id=…)`, or
/// `x`/`instagram`/`facebook`/`tiktok`/`soundcloud(url=…)` (a YouTube or
/// Vimeo `url=` works too), or `figure(src=…)`. `Err` says what is wrong;
/// `Ok(None)`: not a built-in name.
pub(crate) fn built_in(name: &str, args: &[(String, String)]) -> Result<Option<Embed>, String> {
    let arg = |key: &str| {
        args.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    if name == "figure" {
        let src = arg("src").ok_or("figure needs `src`, the picture")?;
        return Ok(Some(Embed::Figure {
            src: src.to_string(),
            caption: arg("caption").unwrap_or_default().to_string(),
            credit: arg("credit").unwrap_or_default().to_string(),
        }));
    }
    let Some(provider) = Provider::ALL.into_iter().find(|p| p.key() == name) else {
        return Ok(None);
    };
    if let Some(id) = arg("id") {
        let url = match provider {
            Provider::YouTube if youtube_id(id).is_some() => {
                format!("https://www.youtube.com/watch?v={id}")
            }
            Provider::Vimeo if is_number(id) => format!("https://vimeo.com/{id}"),
            Provider::YouTube | Provider::Vimeo => {
                return Err(format!("«{id}» is not a {name} video id"))
            }
            _ => return Err(format!("{name} takes `url`, the post's address")),
        };
        return Ok(from_url(&url));
    }
    let url = arg("url").ok_or_else(|| format!("{name} needs `url` (or `id`)"))?;
    match from_url(url) {
        Some(embed @ Embed::Provider { provider: p, .. }) if p == provider => Ok(Some(embed)),
        _ => Err(format!(
            "«{url}» is not an address of {name} that sahifa can embed"
        )),
    }
}

/// A shortcode's name and its arguments (values as text).
pub(crate) type Call = (String, Vec<(String, String)>);

/// A shortcode on a line of its own: `{{ name(key="value", n=3) }}` →
/// name and arguments (values as text). `None` when the line is not one.
pub(crate) fn shortcode(line: &str) -> Option<Result<Call, String>> {
    let inner = line.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let body = inner[open + 1..].strip_suffix(')')?;
    Some(arguments(body).map(|args| (name.to_string(), args)))
}

/// `key="value", key2='v', n=3, flag=true`.
fn arguments(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut args = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(args);
        };
        if !(first.is_ascii_alphabetic() || first == '_') {
            return Err(format!("an argument name cannot start with «{first}»"));
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!("`{key}` needs a value: {key}=\"…\""));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = match chars.next() {
            Some(quote @ ('"' | '\'')) => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err(format!("the value of `{key}` has no closing {quote}")),
                        Some('\\') => value.extend(chars.next()),
                        Some(c) if c == quote => break,
                        Some(c) => value.push(c),
                    }
                }
                value
            }
            Some(c) => {
                let mut value = String::from(c);
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != ',') {
                    value.push(c);
                }
                value
            }
            None => return Err(format!("`{key}` needs a value")),
        };
        args.push((key, value));
    }
}

/// A Markdown body with each shortcode line made a marker paragraph.
pub(crate) struct Shortcodes<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub embeds: Vec<Embed>,
    /// Each shortcode that could not be read: its line and why.
    pub problems: Vec<(usize, String)>,
    /// Offsets in `text` of the line breaks added to set a marker apart
    /// (so lines of later pictures are counted as written).
    pub added_breaks: Vec<usize>,
}

/// Finds the shortcodes on lines of their own in a Markdown `body` whose
/// first line is `first_line` of the file; fenced and indented code is
/// left alone. A body without `{{` is returned as it is.
pub(crate) fn shortcodes_in(body: &str, first_line: usize) -> Shortcodes<'_> {
    let mut found = Shortcodes {
        text: std::borrow::Cow::Borrowed(body),
        embeds: Vec::new(),
        problems: Vec::new(),
        added_breaks: Vec::new(),
    };
    if !has_double_brace(body) {
        return found;
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut fence: Option<&str> = None;
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push_str(line);
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        let read = if indented { None } else { shortcode(line) };
        let embed = match read {
            None => None,
            Some(Err(problem)) => {
                found.problems.push((first_line + n, problem));
                None
            }
            Some(Ok((name, args))) => match built_in(&name, &args) {
                Ok(Some(embed)) => Some(embed),
                Ok(None) => Some(Embed::User {
                    name,
                    args,
                    line: first_line + n,
                }),
                Err(problem) => {
                    found.problems.push((first_line + n, problem));
                    None
                }
            },
        };
        let Some(embed) = embed else {
            out.push_str(line);
            continue;
        };
        // A paragraph of its own, whatever the lines around it.
        if !(out.is_empty() || out.ends_with("\n\n")) {
            found.added_breaks.push(out.len());
            out.push('\n');
        }
        let _ = writeln!(out, "{MARK}{}{MARK}", found.embeds.len());
        found.embeds.push(embed);
        if lines.get(n + 1).is_some_and(|next| !next.trim().is_empty()) {
            found.added_breaks.push(out.len());
            out.push('\n');
        }
    }
    found.text = std::borrow::Cow::Owned(out);
    found
}

/// Whether `text` holds `{{`: most bodies have no `{` at all, so a
/// byte search (no searcher to set up per body) settles it.
fn has_double_brace(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'{', &bytes[from..]) {
        if bytes.get(from + at + 1) == Some(&b'{') {
            return true;
        }
        from += at + 1;
    }
    false
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

fn youtube_id(id: &str) -> Option<&str> {
    (id.len() == 11 && is_code(id)).then_some(id)
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 24 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Letters, digits, `-` and `_`: a post code or a page name.
fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The player's address for `embed`, from `origin` (the provider's own or
/// the site's `embed_origins`).
pub(crate) fn player_url(provider: Provider, id: &str, origin: &str) -> String {
    let origin = origin.trim_end_matches('/');
    let mut url = String::from(origin);
    let encoded = || percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC);
    // Writing to a String cannot fail.
    let _ = match provider {
        Provider::YouTube => write!(url, "/embed/{id}?autoplay=1"),
        Provider::X => write!(url, "/embed/Tweet.html?id={id}"),
        Provider::Instagram => write!(url, "/p/{id}/embed/"),
        Provider::Facebook => write!(url, "/plugins/video.php?href={}", encoded()),
        Provider::Vimeo => write!(url, "/video/{id}?autoplay=1"),
        Provider::TikTok => write!(url, "/embed/v2/{id}"),
        Provider::SoundCloud => write!(url, "/player/?url={}&auto_play=true", encoded()),
    };
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider_of(url: &str) -> Option<(Provider, String)> {
        match from_url(url)? {
            Embed::Provider { provider, id, .. } => Some((provider, id)),
            _ => None,
        }
    }

    #[test]
    fn provider_pages_are_known_in_the_shapes_people_paste() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            assert_eq!(
                provider_of(url),
                Some((Provider::YouTube, "dQw4w9WgXcQ".into())),
                "{url}"
            );
        }
        assert_eq!(
            provider_of("https://x.com/AJArabic/status/1790000000000000000?s=20"),
            Some((Provider::X, "1790000000000000000".into()))
        );
        assert_eq!(
            provider_of("https://twitter.com/AJArabic/status/17900"),
            Some((Provider::X, "17900".into()))
        );
        assert_eq!(
            provider_of("https://www.instagram.com/reel/C9xYz_12-a/?igsh=abc"),
            Some((Provider::Instagram, "C9xYz_12-a".into()))
        );
        assert_eq!(
            provider_of("https://vimeo.com/76979871"),
            Some((Provider::Vimeo, "76979871".into()))
        );
        assert_eq!(
            provider_of("https://www.tiktok.com/@aljazeera/video/7301234567890123456").map(|p| p.0),
            Some(Provider::TikTok)
        );
        assert!(matches!(
            provider_of("https://www.facebook.com/aljazeerachannel/videos/1234567890/"),
            Some((Provider::Facebook, _))
        ));
        assert!(matches!(
            provider_of("https://soundcloud.com/artist/track-name"),
            Some((Provider::SoundCloud, _))
        ));
        for not in [
            "https://www.youtube.com/watch?v=short",
            "https://x.com/AJArabic",
            "https://example.com/watch?v=dQw4w9WgXcQ",
            "javascript:alert(1)",
            "https://youtu.be/dQw4w9WgXcQ\" onload=\"x",
            "https://www.youtube.com/@channel",
        ] {
            assert_eq!(provider_of(not), None, "{not}");
        }
    }

    #[test]
    fn the_settings_know_every_provider() {
        let keys: Vec<&str> = Provider::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(keys, crate::config::EMBED_PROVIDERS);
    }

    #[test]
    fn shortcodes_read_their_arguments() {
        let (name, args) = shortcode("{{ youtube(id=\"dQw4w9WgXcQ\") }}")
            .unwrap()
            .unwrap();
        assert_eq!(name, "youtube");
        assert_eq!(args, [("id".to_string(), "dQw4w9WgXcQ".to_string())]);
        let (_, args) = shortcode("{{figure(src='a.jpg', caption=\"سد «كبير»\", n=3)}}")
            .unwrap()
            .unwrap();
        assert_eq!(args[1].1, "سد «كبير»");
        assert_eq!(args[2], ("n".to_string(), "3".to_string()));
        assert!(shortcode("{{ x(url=\"https://x.com/a/status/1) }}")
            .unwrap()
            .is_err());
        assert!(shortcode("نص {{ x() }}").is_none());
        assert!(built_in("youtube", &[("id".into(), "bad".into())]).is_err());
        assert_eq!(built_in("ticker", &[]), Ok(None));
        let x = built_in("x", &[("url".into(), "https://x.com/a/status/12".into())]);
        assert!(matches!(
            x,
            Ok(Some(Embed::Provider {
                provider: Provider::X,
                ..
            }))
        ));
    }

    #[test]
    fn players_load_from_the_providers_or_the_sites_origin() {
        assert_eq!(
            player_url(Provider::YouTube, "dQw4w9WgXcQ", Provider::YouTube.origin()),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
        );
        assert_eq!(
            player_url(Provider::X, "12", "http://127.0.0.1:9000/"),
            "http://127.0.0.1:9000/embed/Tweet.html?id=12"
        );
        assert!(player_url(
            Provider::SoundCloud,
            "https://soundcloud.com/a/b",
            "https://w.soundcloud.com"
        )
        .contains("url=https%3A%2F%2Fsoundcloud%2Ecom%2Fa%2Fb"));
    }
}
