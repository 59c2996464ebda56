//! The byte pairs of a few texts, to build an automaton of only the keys that can occur in them.
//!
//! A key occurs in a text only if each of its adjacent byte pairs does. A resume of a few
//! kilobytes holds a few hundred of the 65,536 pairs, so most of the taxonomy's keys cannot occur
//! in it, and for one document building the automaton costs more than scanning with it. A
//! matcher built for given texts holds only the keys whose pairs are all in them; any other text
//! is checked against the set first (one pass over its bytes) and scanned with every key.

/// A set of byte pairs: one bit for each of the 65,536.
#[derive(Clone)]
pub(super) struct PairSet {
    bits: Box<[u64; 1024]>,
}

impl std::fmt::Debug for PairSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "PairSet({n} pairs)")
    }
}

fn index(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

impl PairSet {
    pub(super) fn new() -> Self {
        PairSet {
            bits: Box::new([0; 1024]),
        }
    }

    /// Add every adjacent pair of `bytes`.
    pub(super) fn add(&mut self, bytes: &[u8]) {
        for w in bytes.windows(2) {
            let i = index(w[0], w[1]);
            self.bits[i >> 6] |= 1 << (i & 63);
        }
    }

    fn has(&self, a: u8, b: u8) -> bool {
        let i = index(a, b);
        self.bits[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Whether every adjacent pair of `bytes` is in the set: true of every text the set was
    /// built from, and of every key that can occur in one of them.
    pub(super) fn covers(&self, bytes: &[u8]) -> bool {
        bytes.windows(2).all(|w| self.has(w[0], w[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_covers_its_texts_and_their_substrings_only() {
        let mut s = PairSet::new();
        s.add(b"python and go");
        s.add(b"rust");
        assert!(s.covers(b"python and go"));
        assert!(s.covers(b"thon"));
        assert!(s.covers(b"rust"));
        assert!(s.covers(b"n"), "one byte has no pair to miss");
        assert!(s.covers(b""));
        // Every pair is there, though the word is not: a key the automaton keeps and the scan
        // then does not find, which is correct.
        assert!(s.covers(b"pytho"));
        assert!(!s.covers(b"java"));
        assert!(!s.covers(b"rusty"), "`ty` is in no text");
        assert!(!s.covers(b"go "), "`o ` is in no text");
    }
}
