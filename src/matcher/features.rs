//! What the text around a candidate mention says, as named features. The rules in
//! [`super::rules`] read them; nothing here decides. Each feature is computed when a rule first
//! asks for it (most candidates are settled by the first rules, and some features scan the
//! sentence), and the expensive ones are kept for the next rule that asks.

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::taxonomy::{Alias, Kind};
use crate::text::fold_space_nfkc;

use super::context::{self, Context, LineInfo};
use super::{previous_word, version_follows, Matcher};

/// Lines longer than this (bytes) are too long to serve as context; their sentence is used.
const MAX_CONTEXT_LINE: usize = 400;

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// An alias of the taxonomy, as listed.
    Alias,
    /// A near miss of a long alias (a typo).
    Fuzzy,
}

/// Where the accepted unambiguous mentions are: the technical context that ambiguous names and
/// typos need. Concept mentions ("Microservices", "Scalability") are context only for concept
/// names ("Agile"), never for ambiguous technology names ("Go", "C").
#[derive(Default)]
pub(crate) struct Technical {
    sentences: HashSet<usize>,
    lines: HashSet<usize>,
    /// Start lines of the sections (None: before any heading).
    sections: HashSet<Option<usize>>,
    concept_sentences: HashSet<usize>,
    concept_lines: HashSet<usize>,
}

impl Technical {
    /// Record an accepted mention of a skill of `kind` at byte `at`.
    pub fn note(&mut self, ctx: &Context<'_>, kind: Kind, at: usize) {
        let line = ctx.position(at).0;
        match kind {
            Kind::Technology => {
                self.sentences.insert(ctx.sentence_of(at));
                self.lines.insert(line);
                self.sections
                    .insert(ctx.doc.section_at(line).map(|s| s.start_line));
            }
            Kind::Concept => {
                self.concept_sentences.insert(ctx.sentence_of(at));
                self.concept_lines.insert(line);
            }
            Kind::Soft => {}
        }
    }
}

/// One candidate mention and everything needed to describe its context.
pub(crate) struct Features<'a, 't> {
    pub(super) matcher: &'a Matcher<'t>,
    pub(super) ctx: &'a Context<'a>,
    pub(super) technical: &'a Technical,
    pub(super) found: Found,
    pub(super) skill: usize,
    /// The alias as listed (for a typo: the alias it is a typo of).
    pub(super) alias: &'t Alias,
    /// Byte range in the document text.
    pub(super) start: usize,
    pub(super) end: usize,
    line: OnceCell<(usize, LineInfo)>,
    skill_in_sentence: OnceCell<bool>,
}

impl<'a, 't> Features<'a, 't> {
    pub(super) fn new(
        matcher: &'a Matcher<'t>,
        ctx: &'a Context<'a>,
        technical: &'a Technical,
        found: Found,
        skill: usize,
        alias: &'t Alias,
        (start, end): (usize, usize),
    ) -> Self {
        Features {
            matcher,
            ctx,
            technical,
            found,
            skill,
            alias,
            start,
            end,
            line: OnceCell::new(),
            skill_in_sentence: OnceCell::new(),
        }
    }

    fn text(&self) -> &'a str {
        &self.ctx.doc.text
    }

    fn before(&self) -> &'a str {
        &self.text()[..self.start]
    }

    fn after(&self) -> &'a str {
        &self.text()[self.end..]
    }

    fn line(&self) -> (usize, LineInfo) {
        *self.line.get_or_init(|| {
            let line = self.ctx.position(self.start).0;
            (line, self.ctx.line_info(line))
        })
    }

    fn sentence(&self) -> usize {
        self.ctx.sentence_of(self.start)
    }

    pub fn found(&self) -> Found {
        self.found
    }

    pub fn kind(&self) -> Kind {
        self.matcher.taxonomy.skills[self.skill].kind
    }

    /// The alias is marked ambiguous in the taxonomy (`Go`, `Spring`, `Express`).
    pub fn ambiguous(&self) -> bool {
        self.alias.ambiguous
    }

    /// Glued to something else, so part of another word or name: `go-getter`, `go-live` (a hyphen
    /// and a word), `R&D`, `Shell & Tube` (an ampersand, unless another skill follows it),
    /// `HttpClient (Apache)` (a bracketed qualifier of the name before), `R. Smith` (an initial).
    pub fn glued(&self) -> bool {
        let (before, after) = (self.before(), self.after());
        let hyphenated =
            after.starts_with('-') && after[1..].starts_with(|ch: char| ch.is_alphabetic());
        let ampersand = after.starts_with('&')
            || before.ends_with('&')
            || (after.trim_start_matches(' ').starts_with('&')
                && !self.matcher.next_word_is_alias(after));
        let qualifier = after.starts_with(')')
            && before
                .strip_suffix('(')
                .map(|b| b.trim_end_matches(' '))
                .is_some_and(|b| b.ends_with(|ch: char| ch.is_alphabetic()));
        let initial = self.alias.text.chars().count() == 1
            && after.starts_with('.')
            && after[1..]
                .trim_start_matches(' ')
                .starts_with(|ch: char| ch.is_alphabetic() || ch == ',' || ch == ';');
        hyphenated || ampersand || qualifier || initial
    }

    /// A capitalised word just before it (not starting the sentence, not itself a skill or a
    /// `Skills`-style label) makes it part of another name: `American Express`, `Quark Express`.
    pub fn after_a_name(&self) -> bool {
        let text = self.text();
        let Some((ws, we)) = previous_word(text, self.start) else {
            return false;
        };
        let (sentence_start, _) = self.ctx.sentence_range(self.sentence());
        let starts_sentence = text[sentence_start..ws]
            .trim_start_matches(|ch: char| !ch.is_alphanumeric())
            .is_empty();
        let word = &text[ws..we];
        !starts_sentence
            && word.len() >= 2
            && word.starts_with(|ch: char| ch.is_uppercase())
            && !self.matcher.is_alias_word(word)
            && !context::is_skill_label_word(&word.to_lowercase())
    }

    /// On a skills-list line: `Skills: Go, Rust`, `Java | Spring | SQL`, a short line in a Skills
    /// section.
    pub fn list(&self) -> bool {
        self.line().1.list
    }

    /// The line is technical: a `Languages:`-style label, another technology on it (on a very
    /// long line, text extracted without line breaks, in its sentence instead), or a Skills
    /// section that names technologies. "Core Making: Hot Box, Cold Box and Shell" is a foundry,
    /// and a chef's "budget, C, color, cost control" is no programming language.
    pub fn technical_line(&self) -> bool {
        let (line, info) = self.line();
        let t = self.technical;
        let concept = self.kind() == Kind::Concept;
        let technical_section = info.in_skills
            && t.sections
                .contains(&self.ctx.doc.section_at(line).map(|s| s.start_line));
        let technical_line = if self.ctx.line_text(line).len() <= MAX_CONTEXT_LINE {
            t.lines.contains(&line) || (concept && t.concept_lines.contains(&line))
        } else {
            self.skill_in_sentence()
        };
        info.technical || technical_line || technical_section
    }

    /// Written as the alias is, or (for names of four letters or more) in capitals, as many
    /// resumes write their skills ("ORACLE", "SPRING"); an all-lower-case alias takes any case.
    pub fn own_case(&self) -> bool {
        let surface = fold_space_nfkc(&self.text()[self.start..self.end]);
        let alias = &self.alias.text;
        let shouting = surface.chars().count() >= 4
            && surface.chars().all(|ch| !ch.is_lowercase())
            && alias.chars().next().is_some_and(char::is_uppercase);
        *alias == surface || shouting || alias.chars().all(|ch| !ch.is_uppercase())
    }

    /// Another accepted skill in the same sentence: a technology, or for a concept another
    /// concept too.
    pub fn skill_in_sentence(&self) -> bool {
        *self.skill_in_sentence.get_or_init(|| {
            let s = self.sentence();
            self.technical.sentences.contains(&s)
                || (self.kind() == Kind::Concept && self.technical.concept_sentences.contains(&s))
        })
    }

    /// A version number right after it: `Rails 7`, `Apache 2.4`, `Go 1.22`.
    pub fn version_after(&self) -> bool {
        version_follows(self.after())
    }

    /// One of the skill's `context` words in the sentence (`goroutine` for Go).
    pub fn context_word(&self) -> bool {
        self.matcher
            .has_context_word(self.ctx, self.sentence(), self.skill)
    }

    /// The sentence shows other technical evidence: another skill, a version number right after
    /// the mention, or a context word of the skill.
    pub fn technical_sentence(&self) -> bool {
        self.skill_in_sentence() || self.version_after() || self.context_word()
    }
}
