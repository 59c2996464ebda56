//! Resume sections from headings: `SKILLS`, `## Experience`, `Hobbies:` and the like.
//!
//! The matcher uses the section to read context: a bare "Go" in a Skills section is the language,
//! anything under Interests/Hobbies is not a professional skill.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Summary,
    Skills,
    Experience,
    Projects,
    Education,
    Certifications,
    Interests,
    Other,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Skills => "skills",
            SectionKind::Experience => "experience",
            SectionKind::Projects => "projects",
            SectionKind::Education => "education",
            SectionKind::Certifications => "certifications",
            SectionKind::Interests => "interests",
            SectionKind::Other => "other",
        }
    }
}

/// A heading and the lines under it, up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    pub title: String,
    /// 1-based line of the heading.
    pub start_line: usize,
}

/// Keywords that name a section, checked against the words of a short heading line.
const KINDS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Skills,
        &[
            "skills",
            "skill",
            "technologies",
            "technology",
            "competencies",
            "competences",
            "expertise",
            "proficiencies",
            "toolbox",
            "stack",
            "tools",
            "qualifications",
        ],
    ),
    (
        SectionKind::Interests,
        &[
            "hobbies",
            "hobby",
            "interests",
            "interest",
            "pastimes",
            "extracurricular",
            "activities",
        ],
    ),
    (
        SectionKind::Experience,
        &[
            "experience",
            "employment",
            "history",
            "career",
            "work",
            "positions",
        ],
    ),
    (SectionKind::Projects, &["projects", "project", "portfolio"]),
    (
        SectionKind::Education,
        &[
            "education",
            "academic",
            "academics",
            "degrees",
            "training",
            "coursework",
        ],
    ),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certification",
            "certificates",
            "licenses",
            "licences",
            "awards",
            "accomplishments",
            "achievements",
        ],
    ),
    (
        SectionKind::Summary,
        &[
            "summary",
            "profile",
            "objective",
            "about",
            "overview",
            "highlights",
        ],
    ),
];

/// Find section headings. A heading is a Markdown ATX heading, or a short line (at most five words)
/// whose words name a section, written in capitals, in title case or ending with a colon.
pub fn detect_sections(text: &str, markdown: bool) -> Vec<Section> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.len() > 60 {
            continue;
        }
        let (body, explicit) = match line.strip_prefix('#') {
            Some(rest) if markdown || rest.starts_with(['#', ' ']) => {
                (rest.trim_start_matches('#').trim(), true)
            }
            _ => (line, false),
        };
        let body = body.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        let (body, colon) = match body.strip_suffix(':') {
            Some(b) => (b.trim(), true),
            None => (body, false),
        };
        if body.is_empty() {
            continue;
        }
        let words: Vec<&str> = body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() || words.len() > 5 {
            continue;
        }
        let styled = explicit
            || colon
            || body
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            || words
                .iter()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || is_minor(w));
        if !styled {
            continue;
        }
        let kind = classify(&words);
        if kind.is_none() && !explicit {
            continue;
        }
        out.push(Section {
            kind: kind.unwrap_or(SectionKind::Other),
            title: body.to_string(),
            start_line: i + 1,
        });
    }
    out
}

fn is_minor(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "and" | "of" | "&" | "the" | "in" | "for" | "with" | "to"
    )
}

fn classify(words: &[&str]) -> Option<SectionKind> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    KINDS
        .iter()
        .find(|(_, keys)| lower.iter().any(|w| keys.contains(&w.as_str())))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_markdown_and_colon_headings() {
        let text = "Jane Doe\nTECHNICAL SKILLS\nGo, Rust\n## Work Experience\n- built things\nHobbies:\nchess\n";
        let s = detect_sections(text, true);
        let kinds: Vec<_> = s.iter().map(|s| (s.kind, s.start_line)).collect();
        assert_eq!(
            kinds,
            vec![
                (SectionKind::Skills, 2),
                (SectionKind::Experience, 4),
                (SectionKind::Interests, 6)
            ]
        );
    }

    #[test]
    fn prose_lines_are_not_headings() {
        let text = "I have experience with Go.\nskills matter\n";
        assert!(detect_sections(text, false).is_empty());
    }
}
