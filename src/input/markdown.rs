//! Markdown as text: headings are found by [`super::sections`]; here only backslash escapes are
//! undone (`C\#`, `Node\.js`, `\-`), which converters and job boards scatter everywhere and which
//! would otherwise hide skills from the matcher. Lines are never added or removed.

/// Undo CommonMark backslash escapes outside fenced code blocks: `\` before ASCII punctuation is
/// dropped, and so is a `\` that ends a line (a hard line break).
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                out.push_str(line);
                continue;
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                out.push_str(line);
                continue;
            }
            (Some(_), _) => {
                out.push_str(line);
                continue;
            }
            (None, None) => {}
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.peek() {
                    Some(&next) if next.is_ascii_punctuation() => {
                        out.push(next);
                        chars.next();
                        continue;
                    }
                    Some('\n') | Some('\r') => continue,
                    _ => {}
                }
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_undone_line_count_kept() {
        let text = "C\\# and Node\\.js\\\n2021 \\- now \\\\ C:\\Users\n```\nC\\#\n```\n";
        let out = unescape(text);
        assert_eq!(
            out,
            "C# and Node.js\n2021 - now \\ C:\\Users\n```\nC\\#\n```\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
    }
}
