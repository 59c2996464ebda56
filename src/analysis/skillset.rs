//! A set of skills as a bitset over taxonomy indexes.
//!
//! The analysis asks "does this person show skill i?" hundreds of times per document (gaps,
//! coverage, every step of the plan); a bitset answers with one shift and is a few words to
//! build, where a hashed set of indexes or ids costs a hash per question.

/// Skills, by index into [`crate::taxonomy::Taxonomy::skills`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SkillSet {
    words: Vec<u64>,
}

impl SkillSet {
    /// An empty set with room for skills `0..n` (it grows for larger ones).
    pub(crate) fn with_capacity(n: usize) -> Self {
        SkillSet {
            words: vec![0; n.div_ceil(64)],
        }
    }

    /// Adds `i`; true when it was not there yet.
    pub(crate) fn insert(&mut self, i: usize) -> bool {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        let fresh = self.words[w] & bit == 0;
        self.words[w] |= bit;
        fresh
    }

    pub(crate) fn remove(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }

    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// The members in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

impl Extend<usize> for SkillSet {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, iter: I) {
        for i in iter {
            self.insert(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_back_in_order_across_words() {
        let mut s = SkillSet::with_capacity(10);
        assert!(s.insert(130));
        assert!(s.insert(3));
        assert!(s.insert(64));
        assert!(!s.insert(3));
        assert!(s.contains(130) && s.contains(64) && s.contains(3));
        assert!(!s.contains(4) && !s.contains(1000));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![3, 64, 130]);
        s.remove(64);
        s.remove(5000);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![3, 130]);
    }
}
