//! Conservative minification of sahifa's own output, on by default for
//! `build` (`minify = false` in `site.toml` turns it off) and never in
//! `serve`. HTML: whitespace between block-level tags goes, other runs of
//! whitespace become one space, and `<pre>`, `<textarea>`, `<script>` and
//! `<style>` are left as they are. CSS: comments go and whitespace shrinks.
//! Pages are not minified one by one: the HTML templates are, once, when
//! they load ([`template`]), which costs nothing per page.
//! A full minifier (minify-html) would pull in a JavaScript and a CSS
//! compiler — hundreds of crates — for a few more percent.

/// Elements around which whitespace never renders.
fn is_block(name: &[u8]) -> bool {
    let mut lower = [0u8; 16];
    let Some(lower) = lower_name(name, &mut lower) else {
        return false;
    };
    matches!(
        lower,
        b"html"
            | b"head"
            | b"body"
            | b"meta"
            | b"link"
            | b"title"
            | b"header"
            | b"footer"
            | b"main"
            | b"nav"
            | b"section"
            | b"article"
            | b"aside"
            | b"div"
            | b"p"
            | b"ul"
            | b"ol"
            | b"li"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tr"
            | b"td"
            | b"th"
            | b"figure"
            | b"figcaption"
            | b"blockquote"
            | b"hr"
            | b"br"
            | b"script"
            | b"style"
            | b"form"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"!doctype"
    )
}

/// Elements whose content is kept byte for byte.
fn is_verbatim(name: &[u8]) -> bool {
    let mut lower = [0u8; 16];
    lower_name(name, &mut lower)
        .is_some_and(|n| matches!(n, b"pre" | b"textarea" | b"script" | b"style"))
}

/// `name` in lower case, in `buffer`; `None` when longer than any tag we know.
fn lower_name<'b>(name: &[u8], buffer: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let lower = buffer.get_mut(..name.len())?;
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    Some(lower)
}

/// The name of the tag starting at `s` (just after `<`), and whether it closes.
fn tag_name(s: &[u8]) -> (&[u8], bool) {
    let closing = s.first() == Some(&b'/');
    let s = &s[usize::from(closing)..];
    let len = s
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!')
        .count();
    (&s[..len], closing)
}

/// Minifies an HTML page (see the module comment for what changes). Builds
/// no longer call it on pages; it is the rule [`template`] follows, and the
/// tests check minified templates against it.
pub fn html(input: &[u8]) -> Vec<u8> {
    minify_html(input, true)
}

/// Stands for a Tera statement or comment while a template is minified: it
/// prints nothing, so whitespace around it is judged by the real tags on
/// either side.
const STATEMENT: &str = "<\u{E001}>";
/// The character inside [`STATEMENT`].
const STATEMENT_MARK: char = '\u{E001}';
/// Stands for a Tera expression, which prints text.
const EXPRESSION: char = '\u{E000}';
/// Stands for a statement inside a tag (`<a {% if x %}class="y"{% endif %}>`),
/// where a `<…>` marker would end the tag early.
const STATEMENT_IN_TAG: char = '\u{E002}';

/// Minifies an HTML template's own markup once, when it loads, so pages need
/// no minifying pass: the same rules as [`html`], with Tera's tags kept
/// byte for byte. Whitespace next to a tag whose output is unknown becomes
/// one space instead of going. `None` when the template cannot be taken
/// apart safely (an unclosed tag, or the private-use characters it uses).
pub(crate) fn template(source: &str) -> Option<String> {
    if source.contains([EXPRESSION, STATEMENT_MARK, STATEMENT_IN_TAG]) {
        return None;
    }
    let mut marked = String::with_capacity(source.len());
    let mut tags = Vec::new();
    let mut rest = source;
    let mut in_tag = false;
    while let Some(start) = ["{{", "{%", "{#"]
        .iter()
        .filter_map(|open| rest.find(open))
        .min()
    {
        let literal = &rest[..start];
        marked.push_str(literal);
        // Inside a tag when its last `<` or `>` is a `<`.
        if let Some(last) = literal.rfind(['<', '>']) {
            in_tag = literal.as_bytes()[last] == b'<';
        }
        let close = match &rest[start..start + 2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = start + 2 + rest[start + 2..].find(close)? + close.len();
        if close == "}}" {
            marked.push(EXPRESSION);
        } else if in_tag {
            marked.push(STATEMENT_IN_TAG);
        } else {
            marked.push_str(STATEMENT);
        }
        tags.push(&rest[start..end]);
        rest = &rest[end..];
    }
    marked.push_str(rest);
    // A template may be placed in the middle of a line: its start is not
    // known to touch a block tag.
    let minified = String::from_utf8(minify_html(marked.as_bytes(), false)).ok()?;
    let mut out = String::with_capacity(source.len());
    let mut tags = tags.into_iter();
    let mut rest = minified.as_str();
    while let Some(at) = rest.find([EXPRESSION, STATEMENT_MARK, STATEMENT_IN_TAG]) {
        let (before, skip) = if rest[at..].starts_with(STATEMENT_MARK) {
            // The statement marker's `<` comes just before its character.
            (rest.get(..at.checked_sub(1)?)?, STATEMENT.len() - 1)
        } else {
            // Both single characters of the same length.
            (&rest[..at], EXPRESSION.len_utf8())
        };
        out.push_str(before);
        out.push_str(tags.next()?);
        rest = &rest[at + skip..];
    }
    out.push_str(rest);
    tags.next().is_none().then_some(out)
}

/// Whether the tag starting at `s` (at its `<`) is block-level, looking past
/// statement markers.
fn next_tag_is_block(mut s: &[u8]) -> bool {
    while let Some(after) = s.strip_prefix(STATEMENT.as_bytes()) {
        s = after;
    }
    s.first() == Some(&b'<') && is_block(tag_name(&s[1..]).0)
}

fn minify_html(input: &[u8], starts_at_block: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    let mut last_tag_block = starts_at_block;
    while !rest.is_empty() {
        // Text up to the next tag.
        let text_end = memchr::memchr(b'<', rest).unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        if text.iter().all(u8::is_ascii_whitespace) {
            // Whitespace between tags renders unless a block tag touches it.
            if !(text.is_empty() || last_tag_block || next_tag_is_block(after)) {
                out.push(b' ');
            }
        } else {
            // Whitespace just inside or after a block never renders either.
            let mut text = text;
            if last_tag_block {
                text = text.trim_ascii_start();
            }
            if next_tag_is_block(after) {
                text = text.trim_ascii_end();
            }
            push_collapsed(&mut out, text);
            // Text now comes last (a statement marker does not change that).
            last_tag_block = false;
        }
        rest = after;
        if rest.is_empty() {
            break;
        }
        // The tag itself, kept as it is.
        let tag_end = memchr::memchr(b'>', rest).map_or(rest.len(), |i| i + 1);
        let (tag, after) = rest.split_at(tag_end);
        out.extend_from_slice(tag);
        rest = after;
        if tag == STATEMENT.as_bytes() {
            // Prints nothing: the last real tag still decides.
            continue;
        }
        let (name, closing) = tag_name(&tag[1..]);
        last_tag_block = is_block(name);
        if !closing && is_verbatim(name) {
            let mut end = b"</".to_vec();
            end.extend_from_slice(name);
            let stop = find_ascii_case_insensitive(rest, &end).unwrap_or(rest.len());
            out.extend_from_slice(&rest[..stop]);
            rest = &rest[stop..];
        }
    }
    out
}

/// Appends `text` with each run of ASCII whitespace as one space, copying
/// the runs between whole.
fn push_collapsed(out: &mut Vec<u8>, text: &[u8]) {
    // Most text runs (paragraphs of prose) have nothing to collapse: two
    // vectorised scans find that out faster than the loop below.
    let odd_space = text.iter().fold(false, |seen, &b| {
        seen | matches!(b, b'\t' | b'\n' | 0x0C | b'\r')
    });
    if !odd_space && memchr::memmem::find(text, b"  ").is_none() {
        out.extend_from_slice(text);
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_whitespace() {
            let run_end = i + text[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if run_end - i == 1 && text[i] == b' ' {
                i = run_end;
                continue;
            }
            out.extend_from_slice(&text[start..i]);
            out.push(b' ');
            start = run_end;
            i = run_end;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&text[start..]);
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

pub(crate) fn css(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    let mut squeezed = Vec::with_capacity(out.len());
    push_collapsed(&mut squeezed, out.as_bytes());
    // Only ASCII whitespace was replaced, by ASCII spaces: still UTF-8.
    let squeezed = String::from_utf8_lossy(&squeezed);
    let mut result = String::with_capacity(squeezed.len());
    for (i, c) in squeezed.char_indices() {
        if c == ' ' {
            let before = result.chars().last().unwrap_or('{');
            let after = squeezed[i + 1..].chars().next().unwrap_or('}');
            if "{};,>".contains(before) || "{};,>".contains(after) {
                continue;
            }
        }
        result.push(c);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_between_blocks_goes_inline_space_stays() {
        let page = "<!DOCTYPE html>\n<html>\n<body>\n<p>نص   <a href=\"/x\">رابط</a>\n<time>أمس</time></p>\n</body>\n</html>\n";
        assert_eq!(
            html(page.as_bytes()),
            "<!DOCTYPE html><html><body><p>نص <a href=\"/x\">رابط</a> <time>أمس</time></p></body></html>".as_bytes()
        );
    }

    #[test]
    fn text_runs_collapse_only_where_needed() {
        for (text, collapsed) in [
            ("نص عربي، بلا شيء يطوى.", "نص عربي، بلا شيء يطوى."),
            ("نص\tمع\rكل\x0cالأنواع", "نص مع كل الأنواع"),
            ("مسافتان  هنا", "مسافتان هنا"),
            ("سطر\n  \n آخر", "سطر آخر"),
        ] {
            let mut out = Vec::new();
            push_collapsed(&mut out, text.as_bytes());
            assert_eq!(String::from_utf8_lossy(&out), collapsed, "{text:?}");
        }
    }

    #[test]
    fn verbatim_elements_are_kept() {
        let page = "<pre>  a\n   b </pre>\n<script>if (a  <  b) {\n x(); }</script>\n<p>x</p>";
        assert_eq!(
            html(page.as_bytes()),
            "<pre>  a\n   b </pre><script>if (a  <  b) {\n x(); }</script><p>x</p>".as_bytes()
        );
    }

    #[test]
    fn templates_lose_whitespace_and_keep_tera_tags_as_written() {
        let cases = [
            (
                "<ul>\n{% for x in xs %}<li>{{ x }}</li>\n{% endfor %}</ul>\n",
                "<ul>{% for x in xs %}<li>{{ x }}</li>{% endfor %}</ul>",
            ),
            // A statement inside a tag does not end it.
            (
                "<meta content=\"{% if a %}x{% else %}y{% endif %}\">\n<meta name=\"b\">",
                "<meta content=\"{% if a %}x{% else %}y{% endif %}\"><meta name=\"b\">",
            ),
            // Text on either side of a statement keeps its space.
            (
                "<p>نص{% if a %} آخر{% endif %}</p>",
                "<p>نص{% if a %} آخر{% endif %}</p>",
            ),
            // Whitespace inside or after a block goes even next to a value.
            (
                "<div>\n{{ body | safe }}</div>\n{# note #}\n<p>x</p>",
                "<div>{{ body | safe }}</div>{# note #}<p>x</p>",
            ),
            // A template may start mid-line: its leading space stays one.
            ("\n  {{ x }} <a>y</a>", " {{ x }} <a>y</a>"),
            ("<pre>\n  {{ code }}\n</pre>", "<pre>\n  {{ code }}\n</pre>"),
        ];
        for (source, minified) in cases {
            assert_eq!(template(source).as_deref(), Some(minified), "{source:?}");
        }
    }

    #[test]
    fn templates_it_cannot_take_apart_are_left_alone() {
        assert_eq!(template("<p>{{ unclosed</p>"), None);
        assert_eq!(template("<p>\u{E000}</p>"), None);
    }

    #[test]
    fn css_loses_comments_and_spaces() {
        let sheet = "/* theme */\n:root {\n  --ink: #111;\n}\na:hover, a:focus { color: red; }\n.x > .y { margin: 0 auto; }\n";
        assert_eq!(
            css(sheet),
            ":root{--ink: #111;}a:hover,a:focus{color: red;}.x>.y{margin: 0 auto;}"
        );
    }
}
