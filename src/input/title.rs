//! A human name for a document: what a counselor's table or a report header calls a person
//! instead of a file path. Resumes open with the person's name ("Robin Vale") or, once
//! anonymised, with the job title ("SENIOR ACCOUNTANT"); either tells people apart better than
//! `/home/c/cohort/10554236.txt`.
//!
//! Read from the text only, never from skills: the first heading when the format marks one near
//! the top, else the first line, taken when it reads like a name or a title — a few words of
//! letters, no e-mail, address, date or sentence. A contact line ("Jane Doe | jane@x.org") gives
//! its first part. A line that only says "Resume" or "Curriculum vitae" is passed over.

/// The longest name taken, in characters.
const MAX_CHARS: usize = 80;
/// The most words a name or title has ("Help Line and Psychiatric Emergency Team Supervisor").
const MAX_WORDS: usize = 10;
/// Non-blank lines looked at from the top: a cover word ("Resume") may come first.
const LINES_LOOKED_AT: usize = 3;

/// Separators of a contact line's parts: `Name | e-mail | phone`; text flattened from a PDF
/// keeps its fields apart with runs of spaces.
const PART_SEPARATORS: &[&str] = &[" | ", " · ", " • ", " – ", " — ", " - ", "  "];

/// Words that say what the document is, not whose it is, and a template's placeholders.
const COVER_WORDS: &[&str] = &[
    "name",
    "your name",
    "full name",
    "first last",
    "firstname lastname",
    "resume",
    "résumé",
    "curriculum vitae",
    "curriculum vitæ",
    "cv",
    "my resume",
    "my cv",
];

/// The document's name from its text: the heading at `first_heading` (a 1-based line the format
/// marks as a top heading), else the first line that reads like a name or a title.
pub(crate) fn title_of(text: &str, first_heading: Option<usize>) -> Option<String> {
    if let Some(line) = first_heading.and_then(|n| text.lines().nth(n.wrapping_sub(1))) {
        if let Some(name) = name_in(line) {
            return Some(name);
        }
    }
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(LINES_LOOKED_AT)
    {
        if is_cover_word(line) {
            continue;
        }
        return name_in(line);
    }
    None
}

/// The name in one line: its first part (after any cover word), cleaned, when it reads like a
/// name or a title.
pub(crate) fn name_in(line: &str) -> Option<String> {
    // Markdown (`# Robin Vale`, `**Robin Vale**`) and a quoted record (`"Robin Vale  Lisbon`).
    let line = line.trim().trim_start_matches('#');
    let line = line.trim_matches(|c: char| "*_\"".contains(c) || c.is_whitespace());
    let part = parts(line).find(|p| !is_cover_word(p))?;
    let name = part
        .trim()
        .trim_end_matches([',', ';', ':'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    reads_like_a_name(&name).then_some(name)
}

/// The parts of a contact line, split at the separators of [`PART_SEPARATORS`].
fn parts(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest?;
        match PART_SEPARATORS
            .iter()
            .filter_map(|sep| r.find(sep).map(|i| (i, sep.len())))
            .min()
        {
            Some((i, len)) => {
                rest = Some(&r[i + len..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
    .map(str::trim)
    .filter(|p| !p.is_empty())
}

/// A name the source states itself (a JSON Resume's `basics.name`): taken as written, on one
/// line, cut to [`MAX_CHARS`].
pub(crate) fn stated(name: &str) -> Option<String> {
    let one_line = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = one_line.chars().take(MAX_CHARS).collect();
    if cut.len() < one_line.len() {
        cut.push('…');
    }
    (!cut.is_empty()).then_some(cut)
}

fn is_cover_word(line: &str) -> bool {
    let l = line
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    COVER_WORDS.contains(&l.as_str())
}

/// A few words of letters: no date or phone number, no e-mail or link, no sentence, not a
/// section heading.
fn reads_like_a_name(name: &str) -> bool {
    let chars = name.chars().count();
    if !(2..=MAX_CHARS).contains(&chars) {
        return false;
    }
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() > MAX_WORDS {
        return false;
    }
    let allowed = |c: char| c.is_alphanumeric() || " .-'’,&()/".contains(c);
    // Two commas make a list ("Python, Go, Docker"); one may sit in a name ("Lee, Jr."). A
    // title may hold a grade ("Technician 1", "GS-5"); more digits are a date, phone or address.
    if !name.chars().all(allowed)
        || name.matches(',').count() > 1
        || name.chars().filter(char::is_ascii_digit).count() > 2
    {
        return false;
    }
    // Abbreviations keep their point ("Sr. Estimator", "Jr."); a sentence ends a longer last
    // word with one; a web address puts one inside a word ("example.com/robin").
    let sentence = words
        .last()
        .is_some_and(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 3);
    if sentence || words.iter().any(|w| w.contains("//") || inner_dot(w)) {
        return false;
    }
    if !words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    {
        return false;
    }
    if is_cover_word(name) || names_a_section(&words) {
        return false;
    }
    // A name or a title is written with capitals: every longer word starts with one (or the
    // whole line is in capitals). Prose starts lower case somewhere.
    words.iter().all(|w| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() <= 3 || letters[0].is_uppercase()
    })
}

/// A point between two letters of a word, as in a domain name; initials ("J.R.") have one
/// letter on a side.
fn inner_dot(word: &str) -> bool {
    word.split('.')
        .filter(|part| part.chars().count() >= 2)
        .count()
        >= 2
}

/// A section heading ends with the word that names the section ("Professional Summary", "Work
/// Experience"); a job title only contains one ("Information Technology Technician").
fn names_a_section(words: &[&str]) -> bool {
    let head = words
        .iter()
        .rev()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|w| !w.is_empty() && !matches!(w.as_str(), "me" | "my" | "and" | "of" | "the"));
    head.is_some_and(|w| super::sections::is_section_word(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_titles_are_taken() {
        assert_eq!(
            title_of("Robin Vale\nBackend Developer\n", None).as_deref(),
            Some("Robin Vale")
        );
        assert_eq!(
            title_of("SENIOR ACCOUNTANT\nSummary\n", None).as_deref(),
            Some("SENIOR ACCOUNTANT")
        );
        assert_eq!(
            title_of("\n  Mary-Jane O'Neil, Jr.  \n", None).as_deref(),
            Some("Mary-Jane O'Neil, Jr.")
        );
        assert_eq!(
            title_of("# Robin Vale\n", None).as_deref(),
            Some("Robin Vale")
        );
        assert_eq!(
            title_of("**Zoë Ångström**\n", None).as_deref(),
            Some("Zoë Ångström")
        );
        // Job titles that contain a section word, a slash, or many words.
        for title in [
            "INFORMATION TECHNOLOGY TECHNICIAN I",
            "MEDIA ACTIVITIES SPECIALIST",
            "PURCHASER / PRODUCTION COORDINATOR",
            "OPERATIONS TECHNICIAN 1",
            "SHOE DEPT. LEAD SUPERVISOR",
            "BEHAVIORAL HEALTHCARE HELP LINE AND PSYCHIATRIC EMERGENCY TEAM SUPERVISOR",
        ] {
            assert_eq!(
                title_of(&format!("{title}\nSummary\n"), None).as_deref(),
                Some(title)
            );
        }
        // PDF text may put tabs between words.
        assert_eq!(
            title_of("Robin\tVale\n", None).as_deref(),
            Some("Robin Vale")
        );
    }

    #[test]
    fn a_contact_line_gives_its_first_part() {
        assert_eq!(
            title_of("Jane Doe | jane@example.org | 555 0100\n", None).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            title_of("Jane Doe · Backend Developer\n", None).as_deref(),
            Some("Jane Doe")
        );
    }

    #[test]
    fn flattened_text_gives_its_first_field() {
        assert_eq!(
            title_of(
                "\"Derek Kub    1255 University, Montreal    PROFILE\n",
                None
            )
            .as_deref(),
            Some("Derek Kub")
        );
        assert_eq!(
            title_of("RESUME  Adelaida Kozey  Address:\n", None).as_deref(),
            Some("Adelaida Kozey")
        );
        assert_eq!(
            title_of("Last Updated on 4th May 2014    Irving Langworth\n", None),
            None
        );
    }

    #[test]
    fn cover_words_are_passed_over() {
        assert_eq!(
            title_of("RESUME\n\nSam Okafor\nLagos\n", None).as_deref(),
            Some("Sam Okafor")
        );
        assert_eq!(title_of("Curriculum Vitae\n", None), None);
        assert_eq!(title_of("YOUR NAME\nSummary\n", None), None);
    }

    #[test]
    fn lines_that_are_not_names_are_refused() {
        for text in [
            "jane@example.org\n",
            "Summary\nBackend developer\n",
            "Professional Experience\n",
            "I build backend services in Go and Python.\n",
            "Backend developer with five years of experience\n",
            "2019 - 2023 Acme\n",
            "https://example.org/jane\n",
            "x\n",
            "Python, Go, Kubernetes, Docker, Terraform, AWS, Kafka, Redis, PostgreSQL\n",
            "Python, Go, Docker\n",
            "Technical Skills\n",
            "Summary of Qualifications\n",
            "About Me\n",
            "example.com/robin-vale\n",
        ] {
            assert_eq!(title_of(text, None), None, "{text:?}");
        }
    }

    #[test]
    fn a_stated_name_is_kept_as_written() {
        assert_eq!(stated("  robin\n vale ").as_deref(), Some("robin vale"));
        assert_eq!(stated(" "), None);
        assert_eq!(
            stated(&"a".repeat(100)).map(|s| s.chars().count()),
            Some(MAX_CHARS + 1)
        );
    }

    #[test]
    fn a_marked_heading_comes_first() {
        let text = "Lisbon, Portugal\nRobin Vale\n";
        assert_eq!(title_of(text, Some(2)).as_deref(), Some("Robin Vale"));
        // A heading that is not a name: the first line decides.
        assert_eq!(
            title_of("Ana Lima\nSkills\n", Some(2)).as_deref(),
            Some("Ana Lima")
        );
    }
}
