//! Reading the context around a candidate match: which line and sentence it is in, whether that
//! line is a skills list or a hobby line, and whether its clause negates or merely wishes for it.

use std::cell::OnceCell;

use crate::input::{Document, SectionKind};
use crate::text::{line_col, line_starts};

use super::cues::{clause_tail, negates, no_x_experience, wishes};

/// Lines longer than this (bytes) are not read as labelled lists.
const MAX_LIST_LINE: usize = 400;

/// What a line says about the skills on it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineInfo {
    /// A skills list: `Skills: Go, Rust`, `Java | Spring | SQL`, or a short line in a Skills section.
    pub list: bool,
    /// The line announces technical skills with a `Languages:`-style label.
    pub technical: bool,
    /// The line is under a Skills heading.
    pub in_skills: bool,
    /// A hobby or interests line, or a line under an Interests heading.
    pub hobby: bool,
}

/// Per-document context, computed lazily per line.
pub(crate) struct Context<'d> {
    pub doc: &'d Document,
    line_starts: Vec<usize>,
    sentence_starts: Vec<usize>,
    lines: Vec<OnceCell<LineInfo>>,
}

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let line_starts = line_starts(&doc.text);
        let lines = (0..line_starts.len()).map(|_| OnceCell::new()).collect();
        Context {
            sentence_starts: sentence_starts(&doc.text),
            line_starts,
            lines,
            doc,
        }
    }

    /// 1-based (line, column) of an original byte offset.
    pub fn position(&self, at: usize) -> (usize, usize) {
        line_col(&self.doc.text, &self.line_starts, at)
    }

    /// The full text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'d str {
        let text: &'d str = &self.doc.text;
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).map_or(text.len(), |&e| e);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_info(&self, line: usize) -> LineInfo {
        *self.lines[line - 1].get_or_init(|| {
            let section = self.doc.section_at(line).map(|s| s.kind);
            let text = self.line_text(line);
            if text.len() > MAX_LIST_LINE {
                // A whole document on one line (text extracted without line breaks): its first
                // colon is no label and its commas make no list.
                return LineInfo {
                    hobby: section == Some(SectionKind::Interests),
                    in_skills: section == Some(SectionKind::Skills),
                    ..LineInfo::default()
                };
            }
            classify_line(text, section)
        })
    }

    /// Index of the sentence holding byte `at`.
    pub fn sentence_of(&self, at: usize) -> usize {
        self.sentence_starts.partition_point(|&s| s <= at) - 1
    }

    /// Byte range of sentence `i`.
    pub fn sentence_range(&self, i: usize) -> (usize, usize) {
        let start = self.sentence_starts[i];
        let end = self
            .sentence_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.doc.text.len());
        (start, end)
    }

    /// Does the clause before `at` (within its sentence) negate or wish for what follows?
    pub fn polarity(&self, at: usize, end: usize) -> Polarity {
        let (s, e) = self.sentence_range(self.sentence_of(at));
        let before = &self.doc.text[s..at];
        let clause = clause_tail(before);
        let after = &self.doc.text[end..e.max(end)];
        if no_x_experience(clause, after) {
            return Polarity::Negated;
        }
        polarity_of(clause)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Polarity {
    Affirmed,
    Negated,
    Aspirational,
}

/// Sentence starts: after `.`/`!`/`?` followed by white space, and at line breaks unless the next
/// line continues in lower case (a soft-wrapped paragraph).
fn sentence_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                let mut j = i + 1;
                while j < b.len() && (b[j] == b' ' || b[j] == b'\t' || b[j] == b'\r') {
                    j += 1;
                }
                if !(j < b.len() && b[j].is_ascii_lowercase()) {
                    out.push(i + 1);
                }
            }
            b'.' | b'!' | b'?' if i + 1 < b.len() && matches!(b[i + 1], b' ' | b'\t') => {
                out.push(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
    out.dedup();
    out
}

fn polarity_of(clause: &str) -> Polarity {
    // Only cues close to the mention count: a "not" at the start of a long clause says little.
    let tail = &clause[tail_start(clause, 80)..];
    if negates(tail) {
        Polarity::Negated
    } else if wishes(tail) {
        Polarity::Aspirational
    } else {
        Polarity::Affirmed
    }
}

/// Where the last `n` bytes of `s` start, counting a run of white space as one byte so that
/// padding (tabs, runs of spaces) does not push a cue out of reach; always a char boundary.
fn tail_start(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut after_space = false;
    for (i, c) in s.char_indices().rev() {
        let space = c.is_whitespace();
        if !(space && after_space) {
            count += if space { 1 } else { c.len_utf8() };
        }
        after_space = space;
        if count > n {
            return i + c.len_utf8();
        }
    }
    0
}

/// Words in a line label (`Languages:`) that announce a list of technical skills.
const SKILL_LABEL_WORDS: &[&str] = &[
    "skill",
    "technolog",
    "tech",
    "tool",
    "language",
    "framework",
    "librar",
    "database",
    "db",
    "stack",
    "platform",
    "environment",
    "software",
    "os",
    "operating",
    "server",
    "cloud",
    "devops",
    "ide",
    "competenc",
    "expertise",
    "proficien",
    "familiar",
    "knowledge",
    "web",
    "programming",
    "scripting",
    "testing",
    "methodolog",
    "version",
    "package",
    "frontend",
    "backend",
    "front-end",
    "back-end",
    "api",
    "infrastructure",
    "container",
    "messaging",
    "monitoring",
    "security",
    "certification",
    "utilities",
    "applications",
    "systems",
    "data",
];
/// Does this (lower-case) word announce a list of technical skills ("languages", "tools")?
pub(crate) fn is_skill_label_word(word: &str) -> bool {
    SKILL_LABEL_WORDS.iter().any(|w| word.starts_with(w))
        || word == "coursework"
        || word == "proficient"
}

const HOBBY_LABEL_WORDS: &[&str] = &["hobbies", "hobby", "interests", "pastimes", "leisure"];

fn classify_line(line: &str, section: Option<SectionKind>) -> LineInfo {
    let body = line.trim_start_matches(|c: char| {
        c.is_whitespace() || !c.is_ascii() || matches!(c, '*' | '-' | '+' | '>' | '#' | '|')
    });
    let (label, rest) = split_label(body);
    let label_lower = label.map(str::to_lowercase);
    let skillish_label = label_lower.as_deref().is_some_and(|l| {
        l.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(is_skill_label_word)
    });
    // Under an Interests heading everything is a hobby, except a line that says it lists
    // skills ("Interests / additional information: Computer skills - Oracle SQL").
    let hobby = (section == Some(SectionKind::Interests) && !skillish_label)
        || label_lower
            .as_deref()
            .is_some_and(|l| HOBBY_LABEL_WORDS.iter().any(|w| l.contains(w)));
    let items: Vec<usize> = rest
        .split([',', '|', ';', '•', '·', '\t', '●', '▪', '◦'])
        .map(|it| it.split_whitespace().count())
        .filter(|&n| n > 0)
        .collect();
    let avg = if items.is_empty() {
        0.0
    } else {
        items.iter().sum::<usize>() as f32 / items.len() as f32
    };
    let in_skills = section == Some(SectionKind::Skills);
    let list = (items.len() >= 2 && avg <= 3.0)
        || (skillish_label && !items.is_empty() && avg <= 4.0)
        || (in_skills && !items.is_empty() && (avg <= 4.0 || items.len() >= 3));
    LineInfo {
        list,
        technical: skillish_label,
        in_skills,
        hobby,
    }
}

/// Split `Label: rest` when the label is a few words; otherwise no label.
fn split_label(line: &str) -> (Option<&str>, &str) {
    let colon = line.find([':', '：']);
    // A dash with white space on both sides (`Hobbies - chess`, `Hobbies -\tchess`): the label
    // ends at the white space before it.
    let dash = line
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '-' | '–')
                && line[..i].ends_with([' ', '\t'])
                && line[i + c.len_utf8()..].starts_with([' ', '\t'])
        })
        .map(|(i, _)| i - 1);
    let at = match (colon, dash) {
        (Some(c), Some(d)) => Some(c.min(d)),
        (c, d) => c.or(d),
    };
    if let Some(i) = at {
        let label = &line[..i];
        let words = label.split_whitespace().count();
        if (1..=5).contains(&words) && label.len() <= 48 && !label.contains("http") {
            let rest = line[i..].trim_start_matches([' ', '\t', '-', '–', ':', '：']);
            return (Some(label.trim()), rest);
        }
    }
    (None, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines_and_prose() {
        assert!(classify_line("Skills: Java, J2EE, JSP", None).list);
        assert!(classify_line("• Languages: Go", None).list);
        assert!(classify_line("Go | Rust | SQL", None).list);
        assert!(!classify_line("Known as a go-getter who will go above and beyond.", None).list);
        assert!(
            !classify_line(
                "Objective: To go above and beyond, every single day at work",
                None
            )
            .list
        );
        assert!(classify_line("Hobbies: chess, hiking", None).hobby);
        assert!(classify_line("Hobbies -\tchess, hiking", None).hobby);
        assert!(classify_line("Hobbies\t– chess, hiking", None).hobby);
        assert!(classify_line("Go, Rust", Some(SectionKind::Skills)).list);
    }

    #[test]
    fn negation_is_scoped_to_the_clause() {
        assert_eq!(polarity_of("I have not worked with "), Polarity::Negated);
        assert_eq!(polarity_of("No exposure to "), Polarity::Negated);
        assert_eq!(polarity_of("Never used "), Polarity::Negated);
        assert!(no_x_experience("No ", " experience needed"));
        assert!(!no_x_experience("Built ", " experience"));
        assert_eq!(polarity_of("Not only "), Polarity::Affirmed);
        assert_eq!(polarity_of("Built services in "), Polarity::Affirmed);
        assert_eq!(
            polarity_of("I would like to learn "),
            Polarity::Aspirational
        );
        assert_eq!(clause_tail("No Docker experience, but strong "), " strong ");
    }

    #[test]
    fn cue_distance_ignores_white_space_width() {
        let tight = format!("never used {} ", "Go, ".repeat(14));
        let padded = tight.replace(' ', " \t  ");
        assert_eq!(polarity_of(&tight), Polarity::Negated);
        assert_eq!(polarity_of(&padded), Polarity::Negated);
        let far = format!("never used {} ", "Go, ".repeat(20));
        assert_eq!(polarity_of(&far), Polarity::Affirmed);
        assert_eq!(tail_start("abc", 80), 0);
        assert_eq!(tail_start("aé b", 2), 3);
    }

    #[test]
    fn sentences_split_on_stops_and_hard_line_breaks() {
        let t = "Go services. Python too\ncontinued here\nNew line";
        let s = sentence_starts(t);
        assert_eq!(s, vec![0, 12, 39]);
    }
}
