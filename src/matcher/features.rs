//! What the text around a candidate mention says, as named features. The rules in
//! [`super::rules`] read them; nothing here decides. Each feature is computed when a rule first
//! asks for it (most candidates are settled by the first rules, and some features scan the
//! sentence), and the expensive ones are kept for the next rule that asks.

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::taxonomy::{Alias, Kind};
use crate::text::fold_space_nfkc;

use super::context::{self, Context, LineInfo};
use super::{previous_word, version_follows, Matcher, Scene};

/// Lines longer than this (bytes) are too long to serve as context; their sentence is used.
const MAX_CONTEXT_LINE: usize = 400;

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// An alias of the taxonomy, as listed.
    Alias,
    /// A name listed in a skill's `shadows` ("Node-RED"): it only hides the alias inside it.
    Shadow,
    /// A near miss of a long alias (a typo).
    Fuzzy,
    /// A concept phrase of the taxonomy.
    Phrase,
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
    scene: &'a Scene<'a>,
    pub(super) technical: &'a Technical,
    pub(super) found: Found,
    pub(super) skill: usize,
    /// The alias as listed (for a typo: the alias it is a typo of).
    pub(super) alias: &'t Alias,
    /// Byte range in the document text.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Written in the case a case-sensitive alias asks for.
    pub(super) case_ok: bool,
    /// For a phrase: its anchor word is part of another skill's accepted mention.
    pub(super) anchor_taken: bool,
    line: OnceCell<(usize, LineInfo)>,
    skill_in_sentence: OnceCell<bool>,
}

impl<'a, 't> Features<'a, 't> {
    pub(super) fn new(
        matcher: &'a Matcher<'t>,
        scene: &'a Scene<'a>,
        technical: &'a Technical,
        found: Found,
        skill: usize,
        alias: &'t Alias,
        (start, end): (usize, usize),
    ) -> Self {
        Features {
            matcher,
            ctx: scene.ctx,
            scene,
            technical,
            found,
            skill,
            alias,
            start,
            end,
            case_ok: true,
            anchor_taken: false,
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

    /// For a phrase: its anchor word belongs to another skill's mention ("tests in continuous
    /// integration" is CI, not integration testing; "performance testing" is a testing skill).
    pub fn anchor_taken(&self) -> bool {
        self.anchor_taken
    }

    /// For a phrase: its words lie in different items of a skills list ("Managing, Access, MS
    /// Excel"): a list names things one by one, so its items do not make a phrase together.
    pub fn across_list_items(&self) -> bool {
        self.list() && self.text()[self.start..self.end].contains([',', ';', '|', '\t'])
    }

    /// Written in the case its case-sensitive alias asks for (`REST`, not `rest`).
    pub fn case_ok(&self) -> bool {
        self.case_ok
    }

    /// One of a run of lower-case tags, as job boards print skills: `python flask rest docker
    /// kubernetes`, `c# .net-core azure sql-server less`. A run is three or more chunks
    /// separated by spaces only, each of lower-case letters, digits and `.#+-/_` and no common
    /// word; at least half are whole mentions of skills and one is an unambiguous technology.
    /// There `rest`, `spring`, `less` and `go` are skills.
    pub fn in_tag_run(&self) -> bool {
        let b = self.text().as_bytes();
        let own = chunk_after(b, self.start);
        if !starts_chunk(b, self.start)
            || trim_chunk_end(b, self.start, own) != self.end
            || !tag_shaped(&b[self.start..own])
        {
            return false;
        }
        let mut chunks = vec![(self.start, chunk_after(b, self.start))];
        // Left, then right, chunk by chunk while the shape holds.
        let mut at = self.start;
        while chunks.len() < MAX_TAG_RUN {
            let mut e = at;
            while e > 0 && matches!(b[e - 1], b' ' | b'\t') {
                e -= 1;
            }
            if e == at || e == 0 {
                break;
            }
            let mut s = e;
            while s > 0 && !b[s - 1].is_ascii_whitespace() {
                s -= 1;
            }
            if !tag_shaped(&b[s..e]) {
                break;
            }
            chunks.push((s, e));
            at = s;
        }
        let mut at = chunks[0].1;
        while chunks.len() < 2 * MAX_TAG_RUN {
            let mut s = at;
            while s < b.len() && matches!(b[s], b' ' | b'\t') {
                s += 1;
            }
            if s == at || s == b.len() {
                break;
            }
            let e = chunk_after(b, s);
            if !tag_shaped(&b[s..e]) {
                break;
            }
            chunks.push((s, e));
            at = e;
        }
        if chunks.len() < 3 {
            return false;
        }
        let mut covered = 0;
        let mut technology = false;
        for &(s, e) in &chunks {
            let e = trim_chunk_end(b, s, e);
            let Ok(i) = self.scene.candidates.binary_search_by_key(&s, |c| c.start) else {
                continue;
            };
            let c = &self.scene.candidates[i];
            let p = &self.matcher.patterns[c.pattern];
            if c.end != e || p.shadow {
                continue;
            }
            covered += 1;
            technology |= c.case_ok
                && !self.matcher.alias(p).ambiguous
                && self.matcher.taxonomy.skills[p.skill].kind == Kind::Technology;
        }
        technology && 2 * covered >= chunks.len()
    }

    /// A role in a bracketed team roster, `(PM, QA, DBA)`: the team had a DBA, the person is not
    /// shown to be one. The mention is a whole item that names a role, and so does another item.
    pub fn in_roster(&self) -> bool {
        let text = self.text();
        let (before, after) = (
            tail_on_line(&text[..self.start]),
            head_on_line(&text[self.end..]),
        );
        let (Some(open), Some(close)) = (before.rfind('('), after.find(')')) else {
            return false;
        };
        if before[open..].contains(')') || after[..close].contains('(') {
            return false;
        }
        let inside = format!(
            "{}{}{}",
            &before[open + 1..],
            &text[self.start..self.end],
            &after[..close]
        );
        let at = before.len() - open - 1;
        let mut own = false;
        let mut others = 0;
        let mut offset = 0;
        for item in inside.split([',', ';', '/', '&']) {
            let here = (offset..=offset + item.len()).contains(&at);
            offset += item.len() + 1;
            let word = item.trim().to_lowercase();
            let role = ROLE_WORDS.contains(&word.as_str());
            if here {
                own = role;
            } else {
                others += usize::from(role);
            }
        }
        own && others >= 1
    }
}

/// Roles a team roster names: `(PM, QA, DBA)`, `(Manager, BAs, Architect, DBA)`.
const ROLE_WORDS: &[&str] = &[
    "pm",
    "pms",
    "ba",
    "bas",
    "qa",
    "qas",
    "po",
    "pos",
    "sme",
    "smes",
    "ux",
    "ui",
    "dev",
    "devs",
    "dba",
    "dbas",
    "sre",
    "sres",
    "devops",
    "scrum master",
    "scrum masters",
    "manager",
    "managers",
    "architect",
    "architects",
    "analyst",
    "analysts",
    "developer",
    "developers",
    "tester",
    "testers",
    "designer",
    "designers",
    "lead",
    "leads",
    "engineer",
    "engineers",
    "admin",
    "admins",
    "administrator",
    "administrators",
    "stakeholders",
    "product owner",
    "product owners",
    "business analyst",
    "business analysts",
];

/// Tags counted on each side of a mention, at most.
const MAX_TAG_RUN: usize = 16;

/// Words that make a run of lower-case words prose, not tags.
const PROSE_WORDS: &[&[u8]] = &[
    b"a", b"an", b"and", b"are", b"as", b"at", b"be", b"by", b"for", b"from", b"in", b"into",
    b"is", b"it", b"of", b"on", b"or", b"our", b"the", b"to", b"using", b"via", b"we", b"with",
    b"you", b"your",
];

fn tag_shaped(chunk: &[u8]) -> bool {
    let chunk = trim_punctuation(chunk);
    !chunk.is_empty()
        && chunk.len() <= 32
        && chunk.iter().any(u8::is_ascii_lowercase)
        && chunk.iter().all(|&c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, b'.' | b'#' | b'+' | b'-' | b'/' | b'_')
        })
        && !PROSE_WORDS.contains(&chunk)
}

/// A chunk may end a sentence or a list item: `kubernetes.`, `docker,`.
fn trim_punctuation(chunk: &[u8]) -> &[u8] {
    let mut n = chunk.len();
    while n > 0 && matches!(chunk[n - 1], b'.' | b',' | b';' | b':') {
        n -= 1;
    }
    &chunk[..n]
}

fn trim_chunk_end(b: &[u8], start: usize, end: usize) -> usize {
    start + trim_punctuation(&b[start..end]).len()
}

/// The end of the white-space-delimited chunk starting at `start`.
fn chunk_after(b: &[u8], start: usize) -> usize {
    let mut e = start;
    while e < b.len() && !b[e].is_ascii_whitespace() {
        e += 1;
    }
    e
}

fn starts_chunk(b: &[u8], at: usize) -> bool {
    at == 0 || b[at - 1].is_ascii_whitespace()
}

/// The text before a mention back to its line start, at most 120 bytes.
fn tail_on_line(s: &str) -> &str {
    let from = s
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(s.len().saturating_sub(120));
    let mut i = from;
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The text after a mention up to its line end, at most 120 bytes.
fn head_on_line(s: &str) -> &str {
    let to = s.find('\n').unwrap_or(s.len()).min(120);
    let mut i = to.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}
