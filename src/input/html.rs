//! HTML to text with `html5gum`, a WHATWG-conformant tokenizer: markup stripped, text kept in
//! document order, block elements as line breaks, table cells joined with ` | `, `h1`–`h6` passed
//! on as headings, entities decoded, and `script`, `style` and the like dropped.
//!
//! A tokenizer (not a DOM) is enough: text order is document order, and a resume's HTML is never
//! so broken that tree repair would change which words are on which line.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::builder::{Extracted, TextBuilder};
use super::sections::looks_like_heading;
use super::ReadFailure;

/// Elements whose content is not text for the reader.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"title",
    b"svg",
    b"math",
    b"iframe",
    b"object",
];

/// Elements that start and end a line.
const BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"caption",
    b"center",
    b"dd",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"header",
    b"hgroup",
    b"hr",
    b"html",
    b"legend",
    b"li",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"option",
    b"p",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"tfoot",
    b"thead",
    b"tr",
    b"ul",
];

/// True when text (with leading white space removed) starts like an HTML document.
pub(crate) fn looks_like_html(start: &str) -> bool {
    let mut rest = start;
    // Skip an XML declaration and comments before the first element.
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(i) => rest = &rest[i + 2..],
                None => return false,
            }
        } else if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(i) => rest = &rest[i + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    let head: String = rest
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| head.starts_with(p))
}

#[derive(Default)]
struct State {
    out: Option<TextBuilder>,
    line: String,
    /// The element being skipped and how deeply it is nested in itself.
    skipping: Option<(Vec<u8>, usize)>,
    /// Level of the open `h1`–`h6`.
    heading: Option<u8>,
    /// Depth of open `pre` elements (white space kept).
    pre: usize,
    /// A cell was already written on the current table row.
    cell_open: bool,
}

impl State {
    fn builder(&mut self) -> &mut TextBuilder {
        self.out.get_or_insert_with(|| TextBuilder::new(true))
    }

    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        let text = line.trim();
        if text.is_empty() {
            return;
        }
        match self.heading {
            Some(level) => self.builder().heading(text, level),
            None => {
                let text = text.to_string();
                self.builder().line(&text);
            }
        }
    }

    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            for (i, part) in s.split('\n').enumerate() {
                if i > 0 {
                    self.flush();
                }
                self.line.push_str(&part.replace('\u{A0}', " "));
            }
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }
}

/// Extract the text of an HTML document.
pub(crate) fn extract(html: &str) -> Result<Extracted, ReadFailure> {
    let mut emitter = DefaultEmitter::default();
    // Read `script`, `style`, `textarea` and `title` content as raw text, as a browser does.
    emitter.naively_switch_states(true);
    let mut st = State::default();
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if let Some((skipped, depth)) = st.skipping.as_mut() {
                    if *skipped == name && !tag.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                if SKIPPED.contains(&name.as_slice()) {
                    if !tag.self_closing {
                        st.skipping = Some((name, 1));
                    }
                    continue;
                }
                start_tag(&mut st, &name);
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if let Some((skipped, depth)) = st.skipping.as_mut() {
                    if *skipped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            st.skipping = None;
                        }
                    }
                    continue;
                }
                end_tag(&mut st, &name);
            }
            Token::String(s) if st.skipping.is_none() => {
                st.text(&String::from_utf8_lossy(&s.value));
            }
            _ => {}
        }
    }
    st.flush();
    Ok(st.out.map(TextBuilder::finish).unwrap_or_default())
}

fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

fn start_tag(st: &mut State, name: &[u8]) {
    if let Some(level) = heading_level(name) {
        st.flush();
        st.heading = Some(level);
    } else if name == b"br" {
        st.flush();
    } else if name == b"pre" {
        st.flush();
        st.pre += 1;
    } else if name == b"td" || name == b"th" {
        if st.cell_open && !st.line.trim().is_empty() {
            if looks_like_heading(&st.line) {
                // A label cell that names a section starts it, as in DOCX tables.
                st.flush();
            } else {
                let line = st.line.trim_end().to_string();
                st.line = line + " | ";
            }
        }
        st.cell_open = true;
    } else if BLOCKS.contains(&name) {
        st.flush();
        if name == b"tr" {
            st.cell_open = false;
        }
    }
}

fn end_tag(st: &mut State, name: &[u8]) {
    if heading_level(name).is_some() {
        st.flush();
        st.heading = None;
    } else if name == b"pre" {
        st.flush();
        st.pre = st.pre.saturating_sub(1);
    } else if BLOCKS.contains(&name) {
        st.flush();
        if name == b"tr" {
            st.cell_open = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_scripts_and_entities() {
        let x = extract(
            "<!DOCTYPE html><html><head><title>CV</title><style>p{}</style></head><body>\
             <h1>Jane&nbsp;Doe</h1><script>var s = '<p>Java</p>';</script>\
             <h2>Skills</h2><p>Go, <b>Rust</b> &amp; C&#35;</p><ul><li>Kafka</li><li>Redis</li></ul>\
             <table><tr><th>Cloud</th><td>AWS</td></tr><tr><td>Tools:</td><td>Git</td></tr></table><p>a<br>b</p><!-- Scala -->\
             <pre>line one\n  line two</pre></body></html>",
        )
        .unwrap();
        assert_eq!(
            x.text,
            "Jane Doe\nSkills\nGo, Rust & C#\nKafka\nRedis\nCloud | AWS\nTools:\nGit\na\nb\nline one\nline two\n"
        );
        assert_eq!(x.headings, vec![(1, 1), (2, 2)]);
    }

    #[test]
    fn detection() {
        assert!(looks_like_html("<!doctype html><p>x"));
        assert!(looks_like_html(
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<html xmlns=\"x\">"
        ));
        assert!(!looks_like_html("<Button> is a React component"));
        assert!(!looks_like_html("Jane Doe"));
    }
}
