//! Typo matching, the labelled fallback: `Kuberentes`, `Postgress`, `Javscript`.
//!
//! Only long, unambiguous aliases are fuzzed; a word found in an English dictionary is never a
//! typo (so `docket` is not `docker`), and the caller only accepts a fuzzy hit where the line is a
//! skills list or the sentence already names another skill.

/// English words (SCOWL via Debian's wamerican, lower-case, five letters or more), one a line,
/// and the hash table over them that build.rs makes (`wordtable.rs`).
static ENGLISH: &str = include_str!("../../data/english-words.txt");
static ENGLISH_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english.table"));

fn listed(word: &str) -> bool {
    super::wordtable::contains(ENGLISH_TABLE, ENGLISH.as_bytes(), word.as_bytes())
}

/// Is `word` (lower-case) an ordinary English word?
pub(crate) fn is_english_word(word: &str) -> bool {
    if listed(word) {
        return true;
    }
    // Simple inflections the list may lack.
    for suffix in ["s", "es", "ed", "ing", "'s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 5 && listed(stem) {
                return true;
            }
        }
    }
    false
}

/// A fuzzy-eligible alias key.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub text: String,
    pub skill: usize,
    pub alias: usize,
    /// Which of a–z the text contains (bit 0 = `a`).
    letters: u32,
}

impl Key {
    pub fn new(text: String, skill: usize, alias: usize) -> Self {
        let letters = letters(&text);
        Key {
            text,
            skill,
            alias,
            letters,
        }
    }
}

/// Which of a–z `s` contains, as bits (other bytes are ignored).
fn letters(s: &str) -> u32 {
    s.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

/// A necessary condition for `a` and `b` to be at most one edit apart (substitution, insertion,
/// deletion or a swap of neighbours): outside the edit they agree, so the common prefix and the
/// common suffix together cover all but two bytes of the shorter one.
fn one_edit_apart_at_most(a: &[u8], b: &[u8]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix + 2 >= a.len().min(b.len())
}

#[derive(Debug, Default)]
pub(crate) struct FuzzyIndex {
    /// Keys bucketed by first byte.
    buckets: Vec<Vec<Key>>,
}

/// The best fuzzy match for a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FuzzyHit {
    pub skill: usize,
    pub alias: usize,
    pub distance: usize,
}

impl FuzzyIndex {
    pub fn new(keys: Vec<Key>) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        for k in keys {
            if let Some(&b) = k.text.as_bytes().first() {
                buckets[b as usize].push(k);
            }
        }
        FuzzyIndex { buckets }
    }

    /// Look `token` (lower-case ASCII letters) up; `None` unless exactly one skill is closest.
    pub fn lookup(&self, token: &str) -> Option<FuzzyHit> {
        let first = *token.as_bytes().first()?;
        let bucket = &self.buckets[first as usize];
        let token_letters = letters(token);
        // Cheap necessary conditions first: each edit changes the length by at most one and
        // brings in at most one letter the key lacks. Most words fail them for every key, and
        // then neither the dictionary nor the distances are consulted.
        let near = |k: &Key| {
            let allowed = if k.text.len() >= 9 { 2 } else { 1 };
            k.text.len().abs_diff(token.len()) <= allowed
                && (token_letters & !k.letters).count_ones() as usize <= allowed
                && (allowed > 1 || one_edit_apart_at_most(token.as_bytes(), k.text.as_bytes()))
        };
        // An English word is never a typo; most tokens are, and one look-up in the word table
        // settles them before any key is compared.
        if is_english_word(token) || !bucket.iter().any(near) {
            return None;
        }
        let mut best: Option<FuzzyHit> = None;
        let mut tie = false;
        for k in bucket.iter().filter(|k| near(k)) {
            let allowed = if k.text.len() >= 9 { 2 } else { 1 };
            let d = strsim::osa_distance(token, &k.text);
            if d == 0 || d > allowed {
                continue;
            }
            match best {
                Some(b) if d > b.distance => {}
                Some(b) if d == b.distance => tie |= b.skill != k.skill,
                _ => {
                    best = Some(FuzzyHit {
                        skill: k.skill,
                        alias: k.alias,
                        distance: d,
                    });
                    tie = false;
                }
            }
        }
        if tie {
            return None;
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> FuzzyIndex {
        FuzzyIndex::new(vec![
            Key::new("docker".into(), 0, 0),
            Key::new("kubernetes".into(), 1, 0),
            Key::new("javascript".into(), 2, 0),
        ])
    }

    #[test]
    fn catches_typos_of_long_terms() {
        let ix = index();
        assert_eq!(ix.lookup("dokcer").map(|h| h.skill), Some(0));
        assert_eq!(ix.lookup("kuberentes").map(|h| h.skill), Some(1));
        assert_eq!(ix.lookup("javscript").map(|h| h.skill), Some(2));
    }

    #[test]
    fn never_fuzzes_english_words_or_far_tokens() {
        let ix = index();
        assert!(ix.lookup("docket").is_none());
        assert!(ix.lookup("dockyard").is_none());
        assert!(
            ix.lookup("docker").is_none(),
            "exact forms are not fuzzy hits"
        );
    }

    #[test]
    fn the_table_finds_every_listed_word_and_nothing_else() {
        let words: Vec<&str> = ENGLISH.lines().collect();
        assert!(words.len() > 50_000, "{} words", words.len());
        for w in &words {
            assert!(listed(w), "{w}");
            // Near misses: a letter more, a letter less, a prefix of a listed word.
            let longer = format!("{w}q");
            assert_eq!(
                listed(&longer),
                words.binary_search(&longer.as_str()).is_ok()
            );
            let shorter = &w[..w.len() - 1];
            assert_eq!(listed(shorter), words.binary_search(&shorter).is_ok());
        }
        assert!(!listed(""));
        assert!(!listed("zzzzzzzz"));
        assert!(!listed("kuberentes"));
    }

    /// The prefilter never rejects a pair the distance accepts: every string of up to six
    /// letters over a small alphabet against its one-edit neighbours and some random others.
    #[test]
    fn the_one_edit_prefilter_keeps_every_pair_within_one_edit() {
        let alphabet = b"abc";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = words
                .iter()
                .filter(|w| w.len() < 6)
                .flat_map(|w| {
                    alphabet.iter().map(move |&c| {
                        let mut x = w.clone();
                        x.push(c);
                        x
                    })
                })
                .collect();
            words.extend(longer);
            words.sort();
            words.dedup();
        }
        let (mut kept, mut rejected) = (0, 0);
        for a in words.iter().filter(|w| w.len() >= 4) {
            for b in words.iter().filter(|w| w.len().abs_diff(a.len()) <= 1) {
                let (sa, sb) = (
                    std::str::from_utf8(a).unwrap(),
                    std::str::from_utf8(b).unwrap(),
                );
                let close = strsim::osa_distance(sa, sb) <= 1;
                let pass = one_edit_apart_at_most(a, b);
                assert!(!close || pass, "{sa} / {sb} are one edit apart");
                kept += usize::from(pass);
                rejected += usize::from(!pass);
            }
        }
        assert!(
            rejected > kept,
            "the prefilter must reject most pairs: {rejected} vs {kept}"
        );
    }

    #[test]
    fn dictionary_knows_common_words() {
        assert!(is_english_word("scalable") || is_english_word("docket"));
        assert!(!is_english_word("kuberentes"));
    }
}
