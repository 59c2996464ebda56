//! Finding skills in text: normalise, find every alias with one Aho-Corasick pass, keep the
//! matches that sit on token boundaries, resolve overlaps (longest wins), then decide each
//! candidate from its context (`Go` the language vs "go above and beyond") and fall back to typo
//! matching; negated, wished-for and hobby mentions are marked as such.
//!
//! Layout: `features.rs` describes a candidate's context as named features; `rules.rs` holds
//! every decision as one ordered table over them; `context.rs` classifies lines, sentences and
//! negation (with the word scans of `cues.rs`); `fuzzy.rs` finds typos, asking `wordtable.rs`
//! whether a word is plain English.
//!
//! The matcher knows nothing of output formats; it returns [`Hit`]s.

mod context;
mod cues;
mod features;
mod fuzzy;
mod pairs;
mod phrases;
mod rules;
mod wordtable;

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind as AcMatchKind};
use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use crate::input::Document;
use crate::taxonomy::{Alias, Taxonomy};
use crate::text::{fold_space_nfkc, is_word_byte, normalize_key, Normalized};
use context::{Context, Polarity};
use features::{Features, Found, Technical};
use fuzzy::{FuzzyIndex, Key};
use pairs::PairSet;
use phrases::PhraseIndex;
use rules::Verdict;

/// How a mention matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The skill's own name.
    Exact,
    /// Another listed alias or abbreviation.
    Alias,
    /// A near miss of a long alias (a typo).
    Fuzzy,
    /// A concept phrase of the taxonomy: the skill stated in plain words ("migrated the order
    /// data to PostgreSQL" is data migration).
    Phrase,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Phrase => "phrase",
        }
    }
}

/// Whether a mention counts as a skill the person has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Accepted,
    /// "no experience with Kubernetes", "never used MongoDB".
    Negated,
    /// "would like to learn Rust".
    Aspirational,
    /// Under Hobbies / Interests.
    Hobby,
}

/// One mention of a skill in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into [`Taxonomy::skills`].
    pub skill: usize,
    pub kind: MatchKind,
    pub confidence: f32,
    pub status: Status,
    /// Byte range in the document text.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    /// The text as written.
    pub surface: String,
}

#[derive(Debug)]
struct Pattern {
    skill: usize,
    alias: usize,
    exact: bool,
    /// A name listed in the skill's `shadows`: it contains an alias but is something else.
    shadow: bool,
    /// Skills a bundle alias names too (`LAMP`).
    also: Vec<usize>,
}

/// An automaton over keys of two bytes or more, with the `patterns` index of each of its
/// patterns.
#[derive(Debug)]
struct Scan {
    ac: AhoCorasick,
    ac_patterns: Vec<usize>,
}

impl Scan {
    /// The automaton of every key of two bytes or more, or with `only`, of those whose byte
    /// pairs are all in it.
    fn build(keys: &[String], only: Option<&PairSet>, kind: aho_corasick::AhoCorasickKind) -> Self {
        let mut ac_keys = Vec::new();
        let mut ac_patterns = Vec::new();
        for (pi, key) in keys.iter().enumerate() {
            if key.len() > 1 && only.is_none_or(|set| set.covers(key.as_bytes())) {
                ac_keys.push(key.as_str());
                ac_patterns.push(pi);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(AcMatchKind::Standard)
            .kind(Some(kind))
            .build(&ac_keys)
            .expect("alias automaton builds");
        Scan { ac, ac_patterns }
    }
}

/// A taxonomy compiled for fast matching. Build once, use for many documents.
#[derive(Debug)]
pub struct Matcher<'t> {
    taxonomy: &'t Taxonomy,
    /// The automaton [`Matcher::find`] scans with: of every key, or with [`Matcher::for_texts`]
    /// of the keys that can occur in those texts (their byte pairs are `scan_pairs`).
    scan: Scan,
    scan_pairs: Option<PairSet>,
    /// Every key's automaton, built when a matcher made for some texts meets another.
    full: OnceLock<Scan>,
    kind: aho_corasick::AhoCorasickKind,
    patterns: Vec<Pattern>,
    /// Whether each pattern starts / ends with a word byte (needs a boundary check there).
    fuzzy: FuzzyIndex,
    phrases: PhraseIndex,
    keys: Vec<String>,
    /// Patterns of one byte (`C`, `R`) by that byte: kept out of the automaton, where every
    /// `c` and `r` inside a word would be a match to throw away, and found by one byte scan.
    single: Vec<(u8, usize)>,
}

/// What every candidate of one document is judged in: its context and the other candidates.
struct Scene<'d> {
    ctx: &'d Context<'d>,
    /// All candidates after overlaps are resolved, in text order.
    candidates: &'d [Candidate],
}

/// A candidate that passed the boundary and alias checks, before context.
#[derive(Debug, Clone)]
struct Candidate {
    pattern: usize,
    nstart: usize,
    nend: usize,
    start: usize,
    end: usize,
    /// Written in the case a case-sensitive alias asks for (lower-case mismatches are kept for
    /// tag lists: `python flask rest docker`).
    case_ok: bool,
}

impl<'t> Matcher<'t> {
    /// A matcher for one document or a few: the automaton that is cheapest to build.
    pub fn new(taxonomy: &'t Taxonomy) -> Self {
        Self::with_automaton(
            taxonomy,
            aho_corasick::AhoCorasickKind::NoncontiguousNFA,
            None,
        )
    }

    /// A matcher for these texts (`analyze`: the resume, and the posting of `--job`): its
    /// automaton holds only the keys whose byte pairs all occur in them, a fraction of the
    /// taxonomy's, so it builds in a fraction of the time. Any other text it is given is
    /// scanned with every key (built then, once). Results are the same as [`Matcher::new`]'s.
    pub fn for_texts(taxonomy: &'t Taxonomy, texts: &[&str]) -> Self {
        let mut pairs = PairSet::new();
        for t in texts {
            pairs.add(Normalized::new(t).text.as_bytes());
        }
        Self::with_automaton(
            taxonomy,
            aho_corasick::AhoCorasickKind::NoncontiguousNFA,
            Some(pairs),
        )
    }

    /// A matcher for many documents (`batch`, `extract --jsonl-in`, Python's `analyze_many`):
    /// a contiguous NFA costs a little more to build and scans each document faster. Results
    /// are the same as [`Matcher::new`]'s.
    pub fn for_many(taxonomy: &'t Taxonomy) -> Self {
        Self::with_automaton(taxonomy, aho_corasick::AhoCorasickKind::ContiguousNFA, None)
    }

    fn with_automaton(
        taxonomy: &'t Taxonomy,
        kind: aho_corasick::AhoCorasickKind,
        pairs: Option<PairSet>,
    ) -> Self {
        let mut patterns = Vec::new();
        let mut keys = Vec::new();
        let mut seen = HashSet::new();
        let mut fuzzy_keys = Vec::new();
        for (si, skill) in taxonomy.skills.iter().enumerate() {
            let name_key = normalize_key(&skill.name);
            for (ai, alias) in skill.aliases.iter().enumerate() {
                let key = normalize_key(&alias.text);
                for variant in spelling_variants(&key) {
                    if seen.insert(variant.clone()) {
                        patterns.push(Pattern {
                            skill: si,
                            alias: ai,
                            exact: key == name_key,
                            shadow: false,
                            also: alias
                                .also
                                .iter()
                                .filter_map(|id| taxonomy.index_of(id))
                                .collect(),
                        });
                        keys.push(variant);
                    }
                }
                if alias.fuzzy && key.bytes().all(|b| b.is_ascii_lowercase()) {
                    fuzzy_keys.push(Key::new(key.clone(), si, ai));
                }
            }
            for shadow in &skill.shadows {
                let key = normalize_key(shadow);
                for variant in spelling_variants(&key) {
                    if seen.insert(variant.clone()) {
                        patterns.push(Pattern {
                            skill: si,
                            alias: 0,
                            exact: false,
                            shadow: true,
                            also: Vec::new(),
                        });
                        keys.push(variant);
                    }
                }
            }
        }
        // The automaton holds the keys longer than one byte; the one-byte ones are found with a
        // byte scan.
        let single = keys
            .iter()
            .enumerate()
            .filter_map(|(pi, key)| match key.as_bytes() {
                [b] => Some((*b, pi)),
                _ => None,
            })
            .collect();
        let scan = Scan::build(&keys, pairs.as_ref(), kind);
        Matcher {
            taxonomy,
            scan,
            scan_pairs: pairs,
            full: OnceLock::new(),
            kind,
            patterns,
            fuzzy: FuzzyIndex::new(fuzzy_keys),
            phrases: PhraseIndex::new(taxonomy),
            keys,
            single,
        }
    }

    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.taxonomy
    }

    fn alias(&self, p: &Pattern) -> &'t Alias {
        &self.taxonomy.skills[p.skill].aliases[p.alias]
    }

    /// Every mention of a taxonomy skill in `doc`, in text order.
    pub fn find(&self, doc: &Document) -> Vec<Hit> {
        let text = doc.text.as_str();
        let norm = Normalized::new(text);
        let ctx = Context::new(doc);
        let candidates = self.resolve_overlaps(self.candidates(text, &norm));
        let mut hits: Vec<Hit> = Vec::new();
        let mut technical = Technical::default();
        let scene = Scene {
            ctx: &ctx,
            candidates: &candidates,
        };

        // Unambiguous mentions first: they are the technical context the others are judged by.
        let (plain, ambiguous): (Vec<&Candidate>, Vec<&Candidate>) = candidates
            .iter()
            .partition(|c| !self.alias(&self.patterns[c.pattern]).ambiguous);
        let mut accepted = Vec::with_capacity(candidates.len());
        for c in plain {
            if let Some(confidence) = self.judge(&scene, &technical, c) {
                accepted.push((c, confidence));
            }
        }
        for &(c, _) in &accepted {
            let kind = self.taxonomy.skills[self.patterns[c.pattern].skill].kind;
            technical.note(&ctx, kind, c.start);
        }
        for c in ambiguous {
            if let Some(confidence) = self.judge(&scene, &technical, c) {
                accepted.push((c, confidence));
            }
        }
        for (c, confidence) in accepted {
            let p = &self.patterns[c.pattern];
            let kind = if p.exact {
                MatchKind::Exact
            } else {
                MatchKind::Alias
            };
            hits.push(self.hit(&ctx, c.start, c.end, p.skill, kind, confidence));
            let also_confidence = if self.alias(p).ambiguous {
                confidence
            } else {
                0.9
            };
            for &other in &p.also {
                hits.push(self.hit(
                    &ctx,
                    c.start,
                    c.end,
                    other,
                    MatchKind::Alias,
                    also_confidence,
                ));
            }
        }

        // Typos in words nothing else covered.
        // Candidates are in text order and do not overlap, and so are tokens: one cursor finds
        // the only candidate that can overlap each token (the first that ends after its start).
        let mut next = 0;
        for (ns, ne) in tokens(&norm.text) {
            if ne - ns < 5 {
                continue;
            }
            while next < candidates.len() && candidates[next].nend <= ns {
                next += 1;
            }
            if candidates.get(next).is_some_and(|c| c.nstart < ne) {
                continue;
            }
            let token = &norm.text[ns..ne];
            let Some(f) = self.fuzzy.lookup(token) else {
                continue;
            };
            let (start, end) = norm.original_range(ns, ne, text);
            let alias = &self.taxonomy.skills[f.skill].aliases[f.alias];
            let features = Features::new(
                self,
                &scene,
                &technical,
                Found::Fuzzy,
                f.skill,
                alias,
                (start, end),
            );
            if rules::decide(&features).0 != Verdict::AsTypo {
                continue;
            }
            let len = alias.text.len().max(1) as f32;
            let confidence = (0.85 - 0.1 * f.distance as f32 - 0.5 / len).clamp(0.5, 0.85);
            hits.push(self.hit(&ctx, start, end, f.skill, MatchKind::Fuzzy, confidence));
        }

        // Concept phrases, where no mention of the same skill already covers them.
        for found in self.phrases.find(text, &norm) {
            if hits
                .iter()
                .any(|h| h.skill == found.skill && h.start < found.end && found.start < h.end)
            {
                continue;
            }
            let skill = &self.taxonomy.skills[found.skill];
            let (a, b) = found.anchor;
            let anchor_taken = hits
                .iter()
                .any(|h| h.skill != found.skill && h.start < b && a < h.end);
            let mut features = Features::new(
                self,
                &scene,
                &technical,
                Found::Phrase,
                found.skill,
                &skill.aliases[0],
                (found.start, found.end),
            );
            features.anchor_taken = anchor_taken;
            if let Verdict::Accept(confidence) = rules::decide(&features).0 {
                hits.push(self.hit(
                    &ctx,
                    found.start,
                    found.end,
                    found.skill,
                    MatchKind::Phrase,
                    confidence,
                ));
            }
        }

        hits.sort_by_key(|h| (h.start, h.skill));
        hits
    }

    /// The rules' verdict on an alias candidate, as a confidence when it is accepted.
    fn judge(&self, scene: &Scene<'_>, technical: &Technical, c: &Candidate) -> Option<f32> {
        let p = &self.patterns[c.pattern];
        let found = if p.shadow {
            Found::Shadow
        } else {
            Found::Alias
        };
        let mut features = Features::new(
            self,
            scene,
            technical,
            found,
            p.skill,
            self.alias(p),
            (c.start, c.end),
        );
        features.case_ok = c.case_ok;
        match rules::decide(&features).0 {
            Verdict::Accept(confidence) => Some(confidence),
            Verdict::AsListed => Some(if p.exact { 1.0 } else { 0.95 }),
            Verdict::AsTypo | Verdict::Drop => None,
        }
    }

    /// Is the first word after `&` in `after` an alias ("Oracle & SQL Server")?
    fn next_word_is_alias(&self, after: &str) -> bool {
        let rest = after.trim_start_matches([' ', '&']);
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '+' | '#' | '.'))
            .collect();
        !word.is_empty() && self.is_alias_word(word.trim_end_matches('.'))
    }

    /// Is `word` (as written) a whole alias of some skill? ("Ruby Rails" keeps Rails.)
    fn is_alias_word(&self, word: &str) -> bool {
        let key = normalize_key(word);
        self.keys.contains(&key)
    }

    fn hit(
        &self,
        ctx: &Context<'_>,
        start: usize,
        end: usize,
        skill: usize,
        kind: MatchKind,
        confidence: f32,
    ) -> Hit {
        let (line, column) = ctx.position(start);
        let status = if ctx.line_info(line).hobby {
            Status::Hobby
        } else {
            match ctx.polarity(start, end) {
                Polarity::Affirmed => Status::Accepted,
                Polarity::Negated => Status::Negated,
                Polarity::Aspirational => Status::Aspirational,
            }
        };
        Hit {
            skill,
            kind,
            confidence: (confidence * 100.0).round() / 100.0,
            status,
            start,
            end,
            line,
            column,
            surface: ctx.doc.text[start..end].to_string(),
        }
    }

    fn has_context_word(&self, ctx: &Context<'_>, sentence: usize, skill: usize) -> bool {
        let words = &self.taxonomy.skills[skill].context;
        if words.is_empty() {
            return false;
        }
        let (s, e) = ctx.sentence_range(sentence);
        let lower = ctx.doc.text[s..e].to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
            .any(|w| words.iter().any(|cw| cw == w.trim_end_matches('.')))
    }

    /// All alias occurrences that sit on token boundaries and pass their alias's own rules.
    fn candidates(&self, text: &str, norm: &Normalized) -> Vec<Candidate> {
        let nb = norm.text.as_bytes();
        let mut out = Vec::new();
        // Words inside links and e-mail addresses name hosts, not skills (`…/menu.php`, `x@acme.net`).
        let links: Vec<(usize, usize)> = link_spans(text);
        let mut consider = |pattern: usize, ns: usize, ne: usize| {
            if let Some(c) = self.candidate(text, norm, &links, pattern, ns, ne) {
                out.push(c);
            }
        };
        let scan = match &self.scan_pairs {
            Some(pairs) if !pairs.covers(nb) => self
                .full
                .get_or_init(|| Scan::build(&self.keys, None, self.kind)),
            _ => &self.scan,
        };
        for m in scan.ac.find_overlapping_iter(&norm.text) {
            consider(scan.ac_patterns[m.pattern().as_usize()], m.start(), m.end());
        }
        for &(key, pattern) in &self.single {
            for ns in memchr::memchr_iter(key, nb) {
                consider(pattern, ns, ns + 1);
            }
        }
        out
    }

    /// The candidate for key `pattern` at `ns..ne` of the normalised text, unless it is inside
    /// a word, a link or a link's label, in the wrong case, or excluded by its alias's rules.
    fn candidate(
        &self,
        text: &str,
        norm: &Normalized,
        links: &[(usize, usize)],
        pattern: usize,
        ns: usize,
        ne: usize,
    ) -> Option<Candidate> {
        let nb = norm.text.as_bytes();
        let key = self.keys[pattern].as_bytes();
        if is_word_byte(key[0]) && ns > 0 && is_word_byte(nb[ns - 1]) {
            return None;
        }
        if is_word_byte(key[key.len() - 1])
            && ne < nb.len()
            && is_word_byte(nb[ne])
            && !version_suffix(&nb[ne..])
        {
            return None;
        }
        let p = &self.patterns[pattern];
        let alias = self.alias(p);
        let (start, end) = norm.original_range(ns, ne, text);
        if links.iter().any(|&(ls, le)| ls <= start && start < le)
            || labels_a_link(&text[end..], &self.keys[pattern])
        {
            return None;
        }
        let candidate = |case_ok| Candidate {
            pattern,
            nstart: ns,
            nend: ne,
            start,
            end,
            case_ok,
        };
        if p.shadow {
            return Some(candidate(true));
        }
        let case_ok = !alias.case_sensitive || fold_space_nfkc(&text[start..end]) == alias.text;
        // Another case of a case-sensitive alias is kept only when all lower case: in a tag
        // list (`python flask rest docker`) it may still count.
        if !case_ok && text[start..end].chars().any(char::is_uppercase) {
            return None;
        }
        if !alias.reject_before.is_empty() {
            let before = tail(&text[..start], 48);
            if alias.reject_before.any_match(before) {
                return None;
            }
        }
        if !alias.reject_after.is_empty() {
            let after = head(&text[end..], 48);
            if alias.reject_after.any_match(after) {
                return None;
            }
        }
        Some(candidate(case_ok))
    }

    /// Leftmost-longest selection among valid candidates: `SQL Server` hides `SQL`.
    fn resolve_overlaps(&self, mut cands: Vec<Candidate>) -> Vec<Candidate> {
        cands.sort_by(|a, b| {
            a.nstart
                .cmp(&b.nstart)
                .then(b.nend.cmp(&a.nend))
                .then(b.case_ok.cmp(&a.case_ok))
        });
        let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
        for c in cands {
            if out.last().is_some_and(|l| c.nstart < l.nend) {
                continue;
            }
            out.push(c);
        }
        out
    }
}

/// Hyphen and space are interchangeable in multi-word aliases ("test-driven" / "test driven").
pub(crate) fn spelling_variants(key: &str) -> Vec<String> {
    let mut v = vec![key.to_string()];
    if key.contains(' ') && key.len() > 3 {
        v.push(key.replace(' ', "-"));
    }
    if key.contains('-') && key.len() > 3 && key.bytes().filter(|&b| b == b'-').count() <= 2 {
        v.push(key.replace('-', " "));
    }
    v
}

/// A version glued to an alias: `java8`, `php7`, `python3.11`, `oracle11g`, `angular2x`.
fn version_suffix(rest: &[u8]) -> bool {
    let mut i = 0;
    while i < rest.len() && rest[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return false;
    }
    while i + 1 < rest.len() && rest[i] == b'.' && rest[i + 1].is_ascii_digit() {
        i += 1;
        while i < rest.len() && rest[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < rest.len() && matches!(rest[i], b'x' | b'c' | b'g' | b'i') {
        i += 1;
    }
    i >= rest.len() || !is_word_byte(rest[i])
}

/// A version number right after a mention (`Rails 7`, `Apache 2.4`, `Go 1.22`): technical context.
fn version_follows(after: &str) -> bool {
    // `^(?:\s?v?\d+(?:\.\d+)*[a-z]?\b|\d)` scanned by hand: it runs for every ambiguous mention.
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = after.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    let mut i = usize::from(
        b.first()
            .is_some_and(|c| c.is_ascii_whitespace() || *c == 0x0b),
    );
    if b.get(i) == Some(&b'v') {
        i += 1;
    }
    let digits = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 {
        return false;
    }
    i += digits;
    match b.get(i) {
        None => true,
        Some(c) if !word(*c) => true,
        Some(c) if c.is_ascii_lowercase() => !b.get(i + 1).copied().is_some_and(word),
        _ => false,
    }
}

/// Maximal runs of ASCII letters in normalised text, as byte ranges.
fn tokens(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // Tokens with digits are identifiers or versions, never typos of a skill.
        if b[start..i].iter().any(u8::is_ascii_digit) {
            return Some((start, start));
        }
        Some((start, i))
    })
}

/// "GitHub: https://github.com/…", "GIT https://…", "Github account: …": the name labels a link
/// (a profile), it does not state a skill.
fn labels_a_link(after: &str, key: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:account|profile|repo(?:sitory)?|page|handle|link)?\s*[:\-–—|]?\s*((?:https?:|//|www\.)\S*)")
            .expect("valid regex")
    });
    let after = head(after, 80);
    if !after.contains("//") && !after.contains("www.") && !after.contains("WWW.") {
        return false;
    }
    re.captures(after)
        .and_then(|c| c.get(1))
        .is_some_and(|url| {
            url.as_str().starts_with("//") || url.as_str().to_lowercase().contains(key)
        })
}

/// Byte ranges of URLs and e-mail addresses.
fn link_spans(text: &str) -> Vec<(usize, usize)> {
    let re = link_regex();
    // Only lines with a link marker are searched: most of a resume has none. The markers are
    // found in the whole text at once, and each names its line.
    let b = text.as_bytes();
    let mut marks: Vec<usize> = memchr::memmem::find_iter(b, "://")
        .chain(memchr::memmem::find_iter(b, "www."))
        .chain(memchr::memmem::find_iter(b, "WWW."))
        .chain(memchr::memchr_iter(b'@', b))
        .collect();
    marks.sort_unstable();
    let mut out = Vec::new();
    let mut searched = 0;
    for m in marks {
        if m < searched {
            continue;
        }
        let start = memchr::memrchr(b'\n', &b[..m]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[m..]).map_or(b.len(), |i| m + i + 1);
        out.extend(
            re.find_iter(&text[start..end])
                .map(|f| (start + f.start(), start + f.end())),
        );
        searched = end;
    }
    out
}

/// A link or an e-mail address.
fn link_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
            .expect("valid regex")
    })
}

/// The word (ASCII letters only) right before byte `at`, separated from it by spaces only.
fn previous_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut end = at;
    while end > 0 && b[end - 1] == b' ' {
        end -= 1;
    }
    if end == at || end == 0 {
        return None;
    }
    let mut start = end;
    while start > 0 && b[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    (start < end && (start == 0 || !is_word_byte(b[start - 1]))).then_some((start, end))
}

/// The last `n` bytes of `s` (at a char boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The first `n` bytes of `s` (at a char boundary).
fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matcher_for_some_texts_finds_what_the_full_one_finds_in_any_text() {
        use crate::input::Format;
        let tax = Taxonomy::embedded().unwrap();
        let full = Matcher::new(&tax);
        let resume = "Skills: Python, Django, PostgreSQL, C, R, Docker and Kubernetes on AWS.\n\
                      Built REST APIs in Go; CI/CD with GitHub Actions; node.js and C++ too.";
        let other = "Experience with Java, Spring Boot, Kafka, MongoDB and Terraform; SQL Server.";
        let doc = |t: &str| Document::from_text("t.txt", Format::Text, t.to_string());
        let some = Matcher::for_texts(&tax, &[resume]);
        // Most keys cannot occur in a short text: the automaton holds a fraction of them.
        assert!(some.scan.ac_patterns.len() * 3 < full.scan.ac_patterns.len());
        let found = some.find(&doc(resume));
        assert!(found.len() >= 10, "{found:?}");
        assert_eq!(found, full.find(&doc(resume)));
        assert!(
            some.full.get().is_none(),
            "its own text needs no other automaton"
        );
        // A text with byte pairs the first lacks is scanned with every key.
        let elsewhere = some.find(&doc(other));
        assert!(elsewhere.iter().any(|h| tax.skills[h.skill].id == "kafka"));
        assert_eq!(elsewhere, full.find(&doc(other)));
        assert!(some.full.get().is_some());
    }

    /// The markers found in the whole text pick the same lines as testing every line did.
    #[test]
    fn link_spans_are_the_links_of_every_line_with_a_marker() {
        let text = "Jo Doe\njo@x.io | https://jo.dev/a www.jo.org\nPython, Go\n\
                    WWW.ACME.COM and mail: a.b@c-d.co.uk\nno link here: 3 @ 4\nlast http://e.f/g";
        let re = link_regex();
        let mut every_line = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            every_line.extend(
                re.find_iter(line)
                    .map(|m| (start + m.start(), start + m.end())),
            );
            start += line.len();
        }
        let found = link_spans(text);
        assert_eq!(found, every_line);
        let spans: Vec<&str> = found.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            spans,
            [
                "jo@x.io",
                "https://jo.dev/a",
                "www.jo.org",
                "WWW.ACME.COM",
                "a.b@c-d.co.uk",
                "http://e.f/g"
            ]
        );
    }

    #[test]
    fn version_follows_agrees_with_its_regex() {
        let re = Regex::new(r"(?-u)^(?:\s?v?\d+(?:\.\d+)*[a-z]?\b|\d)").unwrap();
        let parts = [
            "", " ", "\t", "\n", "  ", "v", "V", "1", "22", ".", "x", "a", "_", "-", "é", "3b",
            "b2",
        ];
        let mut hits = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(version_follows(&s), re.is_match(&s), "{s:?}");
                        hits += usize::from(re.is_match(&s));
                    }
                }
            }
        }
        assert!(hits > 100);
    }

    #[test]
    fn version_suffixes() {
        assert!(version_suffix(b"8 and"));
        assert!(version_suffix(b"3.11,"));
        assert!(version_suffix(b"11g"));
        assert!(!version_suffix(b"script"));
        assert!(!version_suffix(b"8ball"));
    }

    #[test]
    fn variants_swap_hyphen_and_space() {
        let v = spelling_variants("test-driven development");
        assert!(v.contains(&"test driven development".to_string()), "{v:?}");
        assert_eq!(spelling_variants("ci cd"), vec!["ci cd", "ci-cd"]);
        assert_eq!(spelling_variants("go"), vec!["go"]);
    }
}
