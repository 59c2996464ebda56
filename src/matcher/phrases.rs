//! Finding the taxonomy's concept phrases (`phrases = [{ groups = [...], within = N }]`): a word
//! of every group in one clause, at most `within` words from first to last, in any order.
//!
//! Cheap by construction: the words of each phrase's first group (its anchor) sit in a table
//! keyed by their first two bytes, every word of the normalised text costs one table look-up,
//! and only an anchor hit reads the clause around it.

use crate::taxonomy::Taxonomy;
use crate::text::Normalized;

/// A phrase word: a whole word, or a stem (`migrat*`) that any word starting with it matches.
#[derive(Debug)]
struct Word {
    text: Box<[u8]>,
    stem: bool,
}

impl Word {
    fn new(w: &str) -> Self {
        match w.strip_suffix('*') {
            Some(base) => Word {
                text: base.as_bytes().into(),
                stem: true,
            },
            None => Word {
                text: w.as_bytes().into(),
                stem: false,
            },
        }
    }

    /// Does the (ASCII, any case) word `w` match?
    fn matches(&self, w: &[u8]) -> bool {
        if self.stem {
            w.len() >= self.text.len() && w[..self.text.len()].eq_ignore_ascii_case(&self.text)
        } else {
            w.eq_ignore_ascii_case(&self.text)
        }
    }
}

#[derive(Debug)]
struct Compiled {
    skill: usize,
    /// Groups after the first (the anchor's group).
    others: Vec<Vec<Word>>,
    within: usize,
}

/// A phrase found in a document: its skill and the original byte range from its first word to
/// its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub skill: usize,
    pub start: usize,
    pub end: usize,
    /// The anchor word (a word of the first group).
    pub anchor: (usize, usize),
}

/// 36 × 36 buckets: the first two bytes of a word, each a letter or a digit.
const BUCKETS: usize = 36 * 36;

fn slot(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some(usize::from(b - b'a')),
        b'0'..=b'9' => Some(26 + usize::from(b - b'0')),
        _ => None,
    }
}

fn bucket(w: &[u8]) -> Option<usize> {
    Some(slot(*w.first()?)? * 36 + slot(*w.get(1)?)?)
}

#[derive(Debug, Default)]
pub(crate) struct PhraseIndex {
    /// Per bucket: (anchor word, phrase).
    anchors: Vec<Vec<(Word, u32)>>,
    phrases: Vec<Compiled>,
}

impl PhraseIndex {
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let mut index = PhraseIndex::default();
        for (skill, s) in taxonomy.skills.iter().enumerate() {
            for p in &s.phrases {
                let Some((first, others)) = p.groups.split_first() else {
                    continue;
                };
                if index.anchors.is_empty() {
                    index.anchors = (0..BUCKETS).map(|_| Vec::new()).collect();
                }
                let id = index.phrases.len() as u32;
                for w in first {
                    let word = Word::new(w);
                    // Validated: two bytes at least, lower-case letters and digits.
                    if let Some(b) = bucket(&word.text) {
                        index.anchors[b].push((word, id));
                    }
                }
                index.phrases.push(Compiled {
                    skill,
                    others: others
                        .iter()
                        .map(|g| g.iter().map(|w| Word::new(w)).collect())
                        .collect(),
                    within: p.within,
                });
            }
        }
        index
    }

    /// Every phrase occurrence in `text` (whose normalised copy is `norm`), in text order.
    pub fn find(&self, text: &str, norm: &Normalized) -> Vec<Found> {
        let mut out = Vec::new();
        if self.phrases.is_empty() {
            return out;
        }
        let b = norm.text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let word = &b[start..i];
            let Some(bk) = bucket(word) else { continue };
            for (anchor, id) in &self.anchors[bk] {
                if anchor.matches(word) {
                    let (s, e) = norm.original_range(start, i, text);
                    let p = &self.phrases[*id as usize];
                    if let Some((ps, pe)) = phrase_at(text, (s, e), p) {
                        let found = Found {
                            skill: p.skill,
                            start: ps,
                            end: pe,
                            anchor: (s, e),
                        };
                        let same = |f: &Found| (f.skill, f.start, f.end) == (p.skill, ps, pe);
                        if !out.iter().any(same) {
                            out.push(found);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The phrase `p` around the anchor word at `anchor` (original byte range), as the byte range
/// from its first word to its last.
fn phrase_at(text: &str, anchor: (usize, usize), p: &Compiled) -> Option<(usize, usize)> {
    let before = words_before(text, anchor.0, p.within);
    let after = words_after(text, anchor.1, p.within);
    // Each group's candidate positions, relative to the anchor (before: -1, -2, ...).
    let mut choices: Vec<Vec<(isize, (usize, usize))>> = Vec::with_capacity(p.others.len());
    for group in &p.others {
        let at = |(k, &(s, e)): (usize, &(usize, usize)), sign: isize| {
            group
                .iter()
                .any(|w| w.matches(&text.as_bytes()[s..e]))
                .then_some((sign * (k as isize + 1), (s, e)))
        };
        let c: Vec<_> = before
            .iter()
            .enumerate()
            .filter_map(|x| at(x, -1))
            .chain(after.iter().enumerate().filter_map(|x| at(x, 1)))
            .collect();
        if c.is_empty() {
            return None;
        }
        choices.push(c);
    }
    // The narrowest choice of one word per group, anchor included, no wider than `within`.
    let mut best: Option<(isize, isize, usize, usize)> = None;
    let mut pick = vec![0usize; choices.len()];
    loop {
        let (mut lo, mut hi) = (0isize, 0isize);
        let (mut s, mut e) = anchor;
        for (g, &k) in pick.iter().enumerate() {
            let (pos, (ws, we)) = choices[g][k];
            lo = lo.min(pos);
            hi = hi.max(pos);
            s = s.min(ws);
            e = e.max(we);
        }
        if (hi - lo) as usize <= p.within && best.is_none_or(|b| hi - lo < b.1 - b.0) {
            best = Some((lo, hi, s, e));
        }
        // Next combination (odometer).
        let mut g = 0;
        loop {
            if g == pick.len() {
                return best.map(|b| (b.2, b.3));
            }
            pick[g] += 1;
            if pick[g] < choices[g].len() {
                break;
            }
            pick[g] = 0;
            g += 1;
        }
    }
}

/// Does the text between two words end a clause? Sentence stops, `;:|`, brackets, a tab, a hard
/// line break (not a soft-wrapped line going on in lower case) and non-ASCII marks (bullets,
/// dashes, mojibake) do; spaces, commas, hyphens, slashes, `&` and apostrophes do not.
fn breaks_clause(gap: &str, next: Option<u8>) -> bool {
    let mut chars = gap.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | ',' | '-' | '/' | '&' | '\'' | '"' | '+' | '#' | '_' | '*' | '\r' => {}
            // Non-breaking space and typographic apostrophes and quotes go on.
            '\u{a0}' | '\u{2019}' | '\u{2018}' | '\u{201c}' | '\u{201d}' => {}
            // `node.js` is one name; `done. Next` ends a sentence.
            '.' if chars.peek().is_none() && next.is_some() => {}
            '\n' => {
                let lower_next = gap[i + 1..]
                    .bytes()
                    .find(|&c| c != b' ' && c != b'\r')
                    .or(next)
                    .is_some_and(|c| c.is_ascii_lowercase());
                if !lower_next {
                    return true;
                }
            }
            _ => return true,
        }
    }
    false
}

/// Up to `n` words (ASCII letters and digits) before byte `at`, nearest first, within its clause.
fn words_before(text: &str, at: usize, n: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(n);
    let mut end_of_gap = at;
    while out.len() < n {
        let mut we = end_of_gap;
        while we > 0 && !b[we - 1].is_ascii_alphanumeric() {
            we -= 1;
        }
        if we == 0 {
            break;
        }
        let next = b.get(end_of_gap).copied();
        if breaks_clause(&text[we..end_of_gap], next) {
            break;
        }
        let mut ws = we;
        while ws > 0 && b[ws - 1].is_ascii_alphanumeric() {
            ws -= 1;
        }
        out.push((ws, we));
        end_of_gap = ws;
    }
    out
}

/// Up to `n` words after byte `at`, nearest first, within its clause.
fn words_after(text: &str, at: usize, n: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(n);
    let mut start_of_gap = at;
    while out.len() < n {
        let mut ws = start_of_gap;
        while ws < b.len() && !b[ws].is_ascii_alphanumeric() {
            ws += 1;
        }
        if ws == b.len() {
            break;
        }
        if breaks_clause(&text[start_of_gap..ws], Some(b[ws])) {
            break;
        }
        let mut we = ws;
        while we < b.len() && b[we].is_ascii_alphanumeric() {
            we += 1;
        }
        out.push((ws, we));
        start_of_gap = we;
    }
    out
}
