//! Property tests of the matcher's promises (issue 8), over generated resume-like text built from
//! real aliases of the embedded taxonomy, filler words, punctuation and line breaks:
//!
//! - letter case and the width of white space within a line never change which skills are found
//!   (for aliases that are not case-sensitive, see [`vocabulary`] for what is left out and why);
//! - appending an unrelated paragraph never removes a match;
//! - every hit points at the text it matched: its byte range is in bounds and on character
//!   boundaries, `surface` is that slice, line and column agree with the offset, and the slice
//!   normalises to (or, when a compatibility character expands, contains) the alias it matched —
//!   for arbitrary Unicode too (combining marks, ligatures such as `ﬁ`, full-width letters).
//!
//! Case counts are kept small so the suite stays quick in debug builds; the matcher is built once.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use skillgap::analysis;
use skillgap::input::{self, Document, Format, SectionKind};
use skillgap::matcher::{Hit, MatchKind, Matcher, Status};
use skillgap::text::normalize_key;

use crate::common::{taxonomy, Rng};

fn matcher() -> &'static Matcher<'static> {
    static M: OnceLock<Matcher<'static>> = OnceLock::new();
    M.get_or_init(|| Matcher::new(taxonomy()))
}

/// `cases` per property, unless `PROPTEST_CASES` asks for more (a deeper search:
/// `PROPTEST_CASES=5000 cargo test --release --test tests props`).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // Failures are reported in the test output; no regression files in the source tree.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// Aliases whose matching promises not to depend on case or white space: not case-sensitive
/// (`SOAP`, `S3` legitimately depend on case), not ambiguous (`Go`, `Spring`, `Express` count only
/// in their own case or in a skills list, and a long line stops being a list), and without
/// `reject_before` / `reject_after` patterns (those read a fixed 48-byte window of the original
/// text, so padding with white space can move a cue out of reach — by design, they are short
/// context rules, not part of the case/space promise). ASCII only, so that flipping ASCII case
/// is all "changing case" means.
fn vocabulary() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let mut v: Vec<String> = taxonomy()
            .skills
            .iter()
            .flat_map(|s| &s.aliases)
            .filter(|a| {
                !a.case_sensitive
                    && !a.ambiguous
                    && a.reject_before.is_empty()
                    && a.reject_after.is_empty()
                    && a.text.is_ascii()
            })
            .map(|a| a.text.clone())
            .collect();
        v.sort();
        assert!(v.len() > 500, "vocabulary of {} aliases", v.len());
        v
    })
}

/// Ordinary words that name no skill, cue no negation or wish ("not", "learn"), and name no
/// section ("skills", "work", "interests"): the text between skills.
const FILLER: &[&str] = &[
    "built",
    "the",
    "with",
    "for",
    "daily",
    "reports",
    "improved",
    "across",
    "several",
    "and",
    "customers",
    "delivered",
    "results",
    "large",
    "quickly",
    "our",
    "new",
    "a",
    "of",
    "to",
    "team",
    "members",
    "helped",
    "ran",
    "weekly",
    "meetings",
    "in",
    "at",
    "office",
    "Berlin",
    "Acme",
    "Corp",
    "2019",
    "2021",
    "present",
    "owned",
    "shipped",
    "features",
    "users",
];

/// Cues that change whether a mention counts: negation, a wish, and "no X experience".
const CUES: &[&str] = &[
    "never used",
    "not familiar with",
    "no experience with",
    "would like to learn",
    "no",
    "experience",
];

/// Line labels: a skills list, a hobby line.
const LABELS: &[&str] = &[
    "Skills: ",
    "Tools: ",
    "Hobbies: ",
    "Interests - ",
    "Languages: ",
];

/// Everything that goes between two words of a line.
const SEPARATORS: &[&str] = &[" ", " ", " ", ", ", "; ", " and ", " / ", ". ", ": ", " - "];

#[derive(Debug, Clone)]
enum Word {
    Alias(usize),
    Filler(usize),
    Cue(usize),
}

fn word() -> impl Strategy<Value = Word> {
    prop_oneof![
        4 => (0..vocabulary().len()).prop_map(Word::Alias),
        5 => (0..FILLER.len()).prop_map(Word::Filler),
        1 => (0..CUES.len()).prop_map(Word::Cue),
    ]
}

/// A line: an optional bullet, an optional label, words with separators, an optional full stop.
fn line() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::weighted(0.2, 0..LABELS.len()),
        prop::collection::vec((word(), 0..SEPARATORS.len()), 1..10),
        any::<bool>(),
    )
        .prop_map(|(bullet, label, words, stop)| {
            let mut s = String::new();
            if bullet {
                s.push_str("- ");
            }
            if let Some(l) = label {
                s.push_str(LABELS[l]);
            }
            for (i, (w, sep)) in words.iter().enumerate() {
                if i > 0 {
                    s.push_str(SEPARATORS[*sep]);
                }
                match w {
                    Word::Alias(a) => s.push_str(&vocabulary()[*a]),
                    Word::Filler(f) => s.push_str(FILLER[*f]),
                    Word::Cue(c) => s.push_str(CUES[*c]),
                }
            }
            if stop {
                s.push('.');
            }
            s
        })
}

/// A resume-like document: lines, some separated by a blank line.
fn resume() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), any::<bool>()), 1..12).prop_map(|lines| {
        let mut s = String::new();
        for (l, blank) in lines {
            s.push_str(&l);
            s.push('\n');
            if blank {
                s.push('\n');
            }
        }
        s
    })
}

/// A paragraph of filler words only.
fn filler_paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FILLER.len(), 0..SEPARATORS.len()), 1..30).prop_map(|words| {
        let mut s = String::new();
        for (i, (f, sep)) in words.iter().enumerate() {
            if i > 0 {
                s.push_str(SEPARATORS[*sep]);
            }
            s.push_str(FILLER[*f]);
        }
        s.push_str(".\n");
        s
    })
}

/// Flip the case of ASCII letters at random, except the first character of each line: a line
/// that starts in lower case continues the sentence of the line before (a soft-wrapped paragraph),
/// so "never used\nkafka" is one negated sentence and "never used\nKafka" two. That is reading
/// layout, not a dependence on the case of a skill name.
fn recase(text: &str, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut line_start = true;
    text.chars()
        .map(|c| {
            if c == '\n' {
                line_start = true;
                return c;
            }
            if line_start && !matches!(c, ' ' | '\t' | '\r') {
                line_start = false;
                return c;
            }
            match rng.next() % 3 {
                0 => c.to_ascii_uppercase(),
                1 => c.to_ascii_lowercase(),
                _ => c,
            }
        })
        .collect()
}

/// Replace each space by a run of spaces and tabs. Line breaks are left alone: they end list
/// items, sentences and sections, which the matcher reads as context on purpose.
fn respace(text: &str, seed: u64) -> String {
    const RUNS: &[&str] = &[" ", "  ", "\t", " \t ", "   ", "\t\t"];
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c == ' ' {
            out.push_str(RUNS[(rng.next() % RUNS.len() as u64) as usize]);
        } else {
            out.push(c);
        }
    }
    out
}

fn doc(text: &str) -> Document {
    Document::from_text("prop", Format::Text, text.to_string())
}

/// Kind and line of every section heading.
fn sections(text: &str) -> Vec<(SectionKind, usize)> {
    doc(text)
        .sections
        .iter()
        .map(|s| (s.kind, s.start_line))
        .collect()
}

/// (skill id, status) of every hit.
fn found(text: &str) -> BTreeSet<(String, Status)> {
    let tax = taxonomy();
    matcher()
        .find(&doc(text))
        .iter()
        .map(|h| (tax.skills[h.skill].id.clone(), h.status))
        .collect()
}

/// Ids the analysis reports as skills the document shows.
fn matched(text: &str) -> BTreeSet<String> {
    let tax = taxonomy();
    analysis::analyze(matcher(), &doc(text), tax.default_role())
        .matched
        .into_iter()
        .map(|m| m.id)
        .collect()
}

/// Alias keys compare with hyphen and space interchangeable (the matcher accepts both spellings).
fn canonical(s: &str) -> String {
    normalize_key(s).replace('-', " ")
}

/// Check that `hit` points at what it matched in `text`; `exact_surface`: the surface must
/// normalise to the alias exactly (no compatibility character expanded around it).
fn check_hit(text: &str, hit: &Hit, exact_surface: bool) -> Result<(), TestCaseError> {
    let tax = taxonomy();
    prop_assert!(hit.start <= hit.end && hit.end <= text.len(), "{hit:?}");
    prop_assert!(text.is_char_boundary(hit.start), "{hit:?}");
    prop_assert!(text.is_char_boundary(hit.end), "{hit:?}");
    prop_assert!(hit.start < hit.end, "empty hit {hit:?}");
    prop_assert_eq!(&text[hit.start..hit.end], hit.surface.as_str());
    let before = &text[..hit.start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..hit.start].chars().count() + 1;
    prop_assert_eq!((hit.line, hit.column), (line, column), "{:?}", hit);
    let surface = canonical(&hit.surface);
    match hit.kind {
        MatchKind::Exact | MatchKind::Alias => {
            let skill = &tax.skills[hit.skill];
            // The alias is the skill's own, or a bundle alias of another skill that names it.
            let owns = |key: &str| {
                if exact_surface {
                    surface == key
                } else {
                    surface.contains(key)
                }
            };
            let ok = skill.aliases.iter().any(|a| owns(&canonical(&a.text)))
                || tax.skills.iter().any(|s| {
                    s.aliases
                        .iter()
                        .any(|a| a.also.contains(&skill.id) && owns(&canonical(&a.text)))
                });
            prop_assert!(
                ok,
                "surface {:?} is no alias of {}: {:?}",
                hit.surface,
                skill.id,
                hit
            );
        }
        MatchKind::Fuzzy => {
            // A typo hit covers one word: a run of ASCII letters and digits once normalised. A
            // character whose normalised form only starts with one (`İ` is `i` plus a combining
            // dot) is covered whole, so in arbitrary text the run is only a prefix.
            let key = normalize_key(&hit.surface);
            let word = key.bytes().take_while(u8::is_ascii_alphanumeric).count();
            prop_assert!(
                word >= 5 && (word == key.len() || !exact_surface),
                "fuzzy surface {:?}",
                hit.surface
            );
            prop_assert!(
                !hit.surface.contains(char::is_whitespace),
                "{:?}",
                hit.surface
            );
        }
        MatchKind::Phrase => {
            // A phrase starts and ends on one of its words: the first group's or another's.
            let skill = &tax.skills[hit.skill];
            let key = normalize_key(&hit.surface);
            let word_at = |w: &str| {
                skill
                    .phrases
                    .iter()
                    .flat_map(|p| p.groups.iter().flatten())
                    .any(|pw| match pw.strip_suffix('*') {
                        Some(stem) => w.starts_with(stem),
                        None => w == pw,
                    })
            };
            let words: Vec<&str> = key
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            // A compatibility character right after the last word is covered whole when its
            // normalised form glues onto the word: `administrationﬁ½` is `administrationfi1⁄2`,
            // whose last word is `2`. In arbitrary text the phrase word is then one of the last two.
            let last = if exact_surface { 1 } else { 2 };
            prop_assert!(
                words.first().is_some_and(|w| word_at(w))
                    && words.iter().rev().take(last).any(|w| word_at(w)),
                "phrase surface {:?} of {}",
                hit.surface,
                skill.id
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    /// Case never changes what is found, nor whether it counts (negation, wish and hobby cues are
    /// read case-insensitively). Narrowed to documents whose sections stay the same: a heading is
    /// recognised partly by its style (capitals, title case), so "Interests - ASP .NET" is a
    /// heading and "InTEREStS - asP .NET" is not, and what stands under Interests is a hobby.
    #[test]
    fn letter_case_does_not_change_the_skills_found(text in resume(), seed in any::<u64>()) {
        let other = recase(&text, seed);
        prop_assume!(sections(&text) == sections(&other));
        prop_assert_eq!(found(&text), found(&other), "\n--- text\n{}\n--- recased\n{}", text, other);
        prop_assert_eq!(matched(&text), matched(&other));
    }

    /// The width of white space within a line never changes what is found.
    #[test]
    fn white_space_width_does_not_change_the_skills_found(text in resume(), seed in any::<u64>()) {
        let other = respace(&text, seed);
        prop_assert_eq!(found(&text), found(&other), "\n--- text\n{}\n--- respaced\n{:?}", text, other);
        prop_assert_eq!(matched(&text), matched(&other));
    }

    /// A paragraph of unrelated words after the text never removes a match.
    #[test]
    fn appending_unrelated_text_never_removes_a_match(
        text in resume(),
        extra in filler_paragraph(),
    ) {
        let longer = format!("{text}\n{extra}");
        let before = found(&text);
        let after = found(&longer);
        prop_assert!(before.is_subset(&after), "lost {:?}\n--- text\n{}", before.difference(&after).collect::<Vec<_>>(), longer);
        let (before, after) = (matched(&text), matched(&longer));
        prop_assert!(before.is_subset(&after), "lost {:?}", before.difference(&after).collect::<Vec<_>>());
    }

    /// Every hit in generated text points exactly at one of its skill's aliases.
    #[test]
    fn hits_point_at_the_matched_alias(text in resume(), seed in any::<u64>()) {
        let text = respace(&recase(&text, seed), seed.rotate_left(17));
        for hit in matcher().find(&doc(&text)) {
            check_hit(&text, &hit, true)?;
        }
    }

    /// Arbitrary Unicode, mixed with aliases (any alias, ambiguous and case-sensitive ones too) and
    /// characters that NFKC, lower-casing or the byte-escape rule change in length: offsets stay in
    /// bounds and on character boundaries, and the analysis (evidence excerpts) does not panic.
    #[test]
    fn offsets_stay_on_char_boundaries_for_any_unicode(
        pieces in prop::collection::vec(unicode_piece(), 0..40),
    ) {
        let text: String = pieces.concat();
        let d = doc(&text);
        for hit in matcher().find(&d) {
            check_hit(&text, &hit, false)?;
        }
        let a = analysis::analyze(matcher(), &d, taxonomy().default_role());
        for e in a.matched.iter().flat_map(|m| &m.evidence) {
            prop_assert!(e.line >= 1 && e.line <= text.matches('\n').count() + 1, "{e:?}");
            prop_assert!(text.contains(&e.matched), "{e:?}");
        }
        // The same bytes through format detection (Markdown, HTML, JSON sniffing) and decoding.
        if let Ok(d) = input::from_bytes("prop.txt", Some("txt"), text.as_bytes()) {
            for hit in matcher().find(&d) {
                check_hit(&d.text, &hit, false)?;
            }
        }
    }
}

/// A piece of hostile text: random non-control characters, an alias, or a character whose
/// normalised form has another length than the original.
fn unicode_piece() -> impl Strategy<Value = String> {
    const SPECIAL: &[&str] = &[
        "ﬁ",
        "ﬀ",
        "ﬃ",
        "Ｐｙｔｈｏｎ",
        "Ｋｕｂｅｒｎｅｔｅｓ",
        "e\u{301}",
        "\u{301}",
        "İ",
        "ß",
        "\u{212A}",
        "⑴",
        "½",
        "Ⅻ",
        "㎏",
        "\u{A0}",
        "\u{3000}",
        "\u{2028}",
        "\u{FEFF}",
        "\u{200B}",
        r"\xe2\x80\xa2",
        r"\x",
        "\r\n",
        "\n",
        "\n\n",
        " ",
        "\t",
        "C＃",
        "Node．js",
        "🦀",
        "ǅ",
        "ﬅ",
        "ŉ",
        "ΐ",
    ];
    let aliases: Vec<String> = taxonomy()
        .skills
        .iter()
        .flat_map(|s| &s.aliases)
        .map(|a| a.text.clone())
        .collect();
    prop_oneof![
        3 => "\\PC{0,12}",
        3 => prop::sample::select(aliases),
        2 => prop::sample::select(SPECIAL).prop_map(str::to_string),
        1 => prop::sample::select(FILLER).prop_map(str::to_string),
        1 => prop::sample::select(SEPARATORS).prop_map(str::to_string),
    ]
}

/// Found by `offsets_stay_on_char_boundaries_for_any_unicode` after 11,043 cases: a phrase whose
/// last word runs into a compatibility character (`ﬁ` is `fi`, `½` is `1⁄2`) covers that character
/// whole, so the surface's last normalised word is `2`; the hit is still on character boundaries.
#[test]
fn a_phrase_ending_in_a_compatibility_character_is_checked_whole() {
    let text = "database administrationﬁ½";
    let hits = matcher().find(&doc(text));
    assert!(hits.iter().any(|h| h.kind == MatchKind::Phrase), "{hits:?}");
    for hit in &hits {
        check_hit(text, hit, false).unwrap();
    }
}
