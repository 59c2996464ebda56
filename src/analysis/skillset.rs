//! A set of skills, one flag per taxonomy index.
//!
//! The analysis asks "does this person show skill i?" hundreds of times per document (gaps,
//! coverage, every step of the plan) and the market fit millions of times per batch; a flag per
//! skill answers with one load, where a hashed set of indexes or ids costs a hash per question.
//! (A bitset is eight times smaller but measured 2% slower over a batch: a shift and a mask per
//! question in the fit's inner loops; the taxonomy has a few hundred skills, so size is no issue.)

/// Skills, by index into [`crate::taxonomy::Taxonomy::skills`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SkillSet {
    has: Vec<bool>,
}

impl SkillSet {
    /// An empty set with room for skills `0..n` (it grows for larger ones).
    pub(crate) fn with_capacity(n: usize) -> Self {
        SkillSet {
            has: vec![false; n],
        }
    }

    /// Adds `i`; true when it was not there yet.
    pub(crate) fn insert(&mut self, i: usize) -> bool {
        if i >= self.has.len() {
            self.has.resize(i + 1, false);
        }
        !std::mem::replace(&mut self.has[i], true)
    }

    pub(crate) fn remove(&mut self, i: usize) {
        if let Some(h) = self.has.get_mut(i) {
            *h = false;
        }
    }

    pub(crate) fn contains(&self, i: usize) -> bool {
        self.has.get(i).copied().unwrap_or(false)
    }

    /// The members in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.has
            .iter()
            .enumerate()
            .filter(|(_, &h)| h)
            .map(|(i, _)| i)
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
