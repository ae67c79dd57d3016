//! Path patterns of `[[cache_control]]`: `*` within a folder, `**` across
//! folders, `?` one character; the rest as written.

/// Whether `path` (relative, `/`-separated) matches `pattern`.
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<char> = pattern.trim_start_matches('/').chars().collect();
    let path: Vec<char> = path.chars().collect();
    matches_from(&pattern, &path)
}

fn matches_from(pattern: &[char], path: &[char]) -> bool {
    match pattern {
        [] => path.is_empty(),
        ['*', '*', rest @ ..] => {
            // `**/` also matches no folder at all.
            let rest_after_slash = rest.strip_prefix(&['/']).unwrap_or(rest);
            (0..=path.len()).any(|i| {
                matches_from(rest, &path[i..]) || matches_from(rest_after_slash, &path[i..])
            })
        }
        ['*', rest @ ..] => (0..=path.len())
            .take_while(|&i| i == 0 || path[i - 1] != '/')
            .any(|i| matches_from(rest, &path[i..])),
        ['?', rest @ ..] => {
            matches!(path.first(), Some(c) if *c != '/') && matches_from(rest, &path[1..])
        }
        [c, rest @ ..] => path.first() == Some(c) && matches_from(rest, &path[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn a_star_stays_in_its_folder_and_two_cross_them() {
        assert!(matches("*.pdf", "report.pdf"));
        assert!(!matches("*.pdf", "files/report.pdf"));
        assert!(matches("**/*.pdf", "report.pdf"));
        assert!(matches("**/*.pdf", "files/2025/report.pdf"));
        assert!(matches("**.pdf", "files/report.pdf"));
        assert!(matches("media/**", "media/a/b.webp"));
        assert!(!matches("media/**", "mediaX/a.webp"));
        assert!(matches("/fonts/*", "fonts/a.woff2"));
        assert!(matches("search/?/*.json", "search/d/1.json"));
        assert!(!matches("search/?/*.json", "search/dd/1.json"));
        assert!(matches("السياسة/*", "السياسة/index.html"));
        assert!(!matches("index.html", "a/index.html"));
    }
}
