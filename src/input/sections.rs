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
    find_sections(text, &[], markdown, true)
}

/// Find sections from the headings a format marks itself (`explicit`: 1-based line and level,
/// 1 = top; Markdown ATX headings count as such when `markdown`), and, when `heuristic`, from
/// heading-like lines as in [`detect_sections`].
///
/// A marked heading that names a section starts it; one that does not (a name, a job title)
/// starts an "other" section only when it is not nested under the current section's heading, so
/// `### Backend Developer, Acme` under `## Experience` stays in Experience.
pub(crate) fn find_sections(
    text: &str,
    explicit: &[(usize, u8)],
    markdown: bool,
    heuristic: bool,
) -> Vec<Section> {
    let mut out = Vec::new();
    let mut marked = explicit.iter().copied().peekable();
    // Level of the marked heading that opened the current named section.
    let mut current_level: Option<u8> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        while marked.peek().is_some_and(|&(l, _)| l < line_no) {
            marked.next();
        }
        let mut level = marked
            .peek()
            .filter(|&&(l, _)| l == line_no)
            .map(|&(_, lv)| lv);
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let mut body = line;
        // `# Title` / `## Title` read as headings in any text (they are unambiguous); other ATX
        // forms only in Markdown.
        let atx_ok = markdown || line.starts_with("# ") || line.starts_with("##");
        if atx_ok && level.is_none() {
            if let Some((hashes, rest)) = atx_heading(line) {
                level = Some(hashes);
                body = rest;
            }
        }
        if level.is_none() {
            if !heuristic {
                continue;
            }
            if let Some(s) = heuristic_heading(line, line_no) {
                current_level = None;
                out.push(s);
            }
            continue;
        }
        let level = level.unwrap_or(1);
        let body = clean_heading(body);
        if body.is_empty() {
            continue;
        }
        let words = words_of(body);
        let nested = current_level.is_some_and(|c| level > c);
        if nested {
            continue;
        }
        let kind = if words.len() <= 5 {
            classify(&words)
        } else {
            None
        };
        current_level = kind.map(|_| level);
        out.push(Section {
            kind: kind.unwrap_or(SectionKind::Other),
            title: body.to_string(),
            start_line: line_no,
        });
    }
    out
}

/// `## Skills` → (2, "Skills"); `#hashtag` is not a heading.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((hashes as u8, rest.trim().trim_end_matches('#').trim()))
}

fn clean_heading(body: &str) -> &str {
    let body = body.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    body.strip_suffix(':').map(str::trim).unwrap_or(body)
}

fn words_of(body: &str) -> Vec<&str> {
    body.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// True when `line` alone would be read as a section heading in plain text (`SKILLS`,
/// `Work Experience`). Table readers use it to keep a label cell on its own line.
pub(crate) fn looks_like_heading(line: &str) -> bool {
    heuristic_heading(line.trim(), 0).is_some()
}

/// A plain-text heading: a short line whose words name a section, styled as a heading.
fn heuristic_heading(line: &str, line_no: usize) -> Option<Section> {
    if line.len() > 60 {
        return None;
    }
    let body = line.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let (body, colon) = match body.strip_suffix(':') {
        Some(b) => (b.trim(), true),
        None => (body, false),
    };
    if body.is_empty() {
        return None;
    }
    let words = words_of(body);
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let styled = colon
        || body
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        || words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || is_minor(w));
    if !styled {
        return None;
    }
    let kind = classify(&words)?;
    Some(Section {
        kind,
        title: body.to_string(),
        start_line: line_no,
    })
}

/// True when `word` (lower case) names a section on its own ("skills", "experience").
pub(crate) fn is_section_word(word: &str) -> bool {
    KINDS.iter().any(|(_, keys)| keys.contains(&word))
}

fn is_minor(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "and" | "of" | "&" | "the" | "in" | "for" | "with" | "to"
    )
}

fn classify(words: &[&str]) -> Option<SectionKind> {
    let mut lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // "Project" names the section only as the head noun ("Capstone Project"); elsewhere it is a
    // skill label ("Project Management") that two-column layouts put on a line of its own.
    let last = lower.len().saturating_sub(1);
    for (i, w) in lower.iter_mut().enumerate() {
        if w == "project" && i != last {
            w.clear();
        }
    }
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
    fn job_titles_nested_under_a_section_stay_in_it() {
        let text = "# Jane\n## Experience\n### Project Lead, Acme\n- Go\n### Dev, Beta\n## Interests\nchess\n";
        let s = detect_sections(text, true);
        let kinds: Vec<_> = s.iter().map(|s| (s.kind, s.start_line)).collect();
        assert_eq!(
            kinds,
            vec![
                (SectionKind::Other, 1),
                (SectionKind::Experience, 2),
                (SectionKind::Interests, 6)
            ]
        );
    }

    #[test]
    fn marked_headings_without_heuristics() {
        let text = "Jo\nSkills\nProject Management\nInterests\nchess\n";
        let s = find_sections(text, &[(2, 1), (4, 1)], false, false);
        let kinds: Vec<_> = s.iter().map(|s| (s.kind, s.start_line)).collect();
        assert_eq!(
            kinds,
            vec![(SectionKind::Skills, 2), (SectionKind::Interests, 4)]
        );
    }

    #[test]
    fn project_is_a_heading_only_as_the_head_noun() {
        let text = "Project Management\nAgile\nCapstone Project\nPERSONAL PROJECTS\n";
        let kinds: Vec<_> = detect_sections(text, false)
            .iter()
            .map(|s| (s.kind, s.start_line))
            .collect();
        assert_eq!(
            kinds,
            vec![(SectionKind::Projects, 3), (SectionKind::Projects, 4)]
        );
    }

    #[test]
    fn prose_lines_are_not_headings() {
        let text = "I have experience with Go.\nskills matter\n";
        assert!(detect_sections(text, false).is_empty());
    }
}
