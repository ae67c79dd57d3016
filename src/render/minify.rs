//! Conservative minification of sahifa's own output, on by default for
//! `build` (`minify = false` in `site.toml` turns it off) and never in
//! `serve`. HTML: whitespace between block-level tags goes, other runs of
//! whitespace become one space, and `<pre>`, `<textarea>`, `<script>` and
//! `<style>` are left as they are. CSS: comments go and whitespace shrinks.
//! A full minifier (minify-html) would pull in a JavaScript and a CSS
//! compiler — hundreds of crates — for a few more percent.

/// Elements around which whitespace never renders.
const BLOCK: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "link",
    "title",
    "header",
    "footer",
    "main",
    "nav",
    "section",
    "article",
    "aside",
    "div",
    "p",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "blockquote",
    "hr",
    "br",
    "script",
    "style",
    "form",
    "dl",
    "dt",
    "dd",
    "!doctype",
];
/// Elements whose content is kept byte for byte.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// The lower-case name of the tag starting at `s` (just after `<`), and
/// whether it closes.
fn tag_name(s: &str) -> (String, bool) {
    let closing = s.starts_with('/');
    let name: String = s
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect();
    (name.to_ascii_lowercase(), closing)
}

pub fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    let mut last_tag_block = true;
    while !rest.is_empty() {
        // Text up to the next tag.
        let text_end = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        let next_block = after
            .get(1..)
            .map(tag_name)
            .is_some_and(|(name, _)| BLOCK.contains(&name.as_str()));
        if text.trim().is_empty() {
            if !(text.is_empty() || last_tag_block || next_block) {
                out.push(' ');
            }
        } else {
            push_collapsed(&mut out, text);
        }
        rest = after;
        if rest.is_empty() {
            break;
        }
        // The tag itself, kept as it is.
        let tag_end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let (tag, after) = rest.split_at(tag_end);
        out.push_str(tag);
        rest = after;
        let (name, closing) = tag_name(&tag[1..]);
        last_tag_block = BLOCK.contains(&name.as_str());
        if !closing && VERBATIM.contains(&name.as_str()) {
            let end = format!("</{name}");
            let stop = find_ascii_case_insensitive(rest, &end).unwrap_or(rest.len());
            out.push_str(&rest[..stop]);
            rest = &rest[stop..];
        }
    }
    out
}

/// Appends `text` with each run of ASCII whitespace as one space, copying
/// the runs between whole.
fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            let run_end = i + bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            if run_end - i == 1 && bytes[i] == b' ' {
                i = run_end;
                continue;
            }
            out.push_str(&text[start..i]);
            out.push(' ');
            start = run_end;
            i = run_end;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[start..]);
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

pub fn css(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    let mut squeezed = String::with_capacity(out.len());
    push_collapsed(&mut squeezed, &out);
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
            html(page),
            "<!DOCTYPE html><html><body><p>نص <a href=\"/x\">رابط</a> <time>أمس</time></p></body></html>"
        );
    }

    #[test]
    fn verbatim_elements_are_kept() {
        let page = "<pre>  a\n   b </pre>\n<script>if (a  <  b) {\n x(); }</script>\n<p>x</p>";
        assert_eq!(
            html(page),
            "<pre>  a\n   b </pre><script>if (a  <  b) {\n x(); }</script><p>x</p>"
        );
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
