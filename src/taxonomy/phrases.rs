//! Concept phrases: a skill stated as an activity rather than by name ("migrated the order data
//! from MySQL to PostgreSQL" is data migration). A phrase is groups of words; it matches when a
//! word of every group stands in one clause, at most `within` words from first to last, in any
//! order. A word ending in `*` is a stem (`migrat*` is migrate, migrated, migration, ...).
//!
//! The matcher looks up the words of the first group (the anchor) for every word of a document
//! and reads the clause around a hit only, so the first group should be the rarest.

use serde::{Deserialize, Serialize};

use super::model::PhraseDef;

/// The widest a phrase may be, in words: beyond this a clause rarely states one thing.
pub const MAX_WITHIN: usize = 12;

/// A validated concept phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    /// Lower-case words (ASCII letters and digits); a trailing `*` makes a stem.
    pub groups: Vec<Vec<String>>,
    /// Words from the first matched word to the last, at most (1: next to each other).
    pub within: usize,
}

/// Check a phrase as written; the message names the offending word or value.
pub(super) fn compile(def: &PhraseDef) -> Result<Phrase, String> {
    if !(2..=4).contains(&def.groups.len()) {
        return Err(format!(
            "a phrase needs two to four groups of words, not {}",
            def.groups.len()
        ));
    }
    if !(1..=MAX_WITHIN).contains(&def.within) {
        return Err(format!(
            "`within` is {}: it must be between 1 and {MAX_WITHIN} words",
            def.within
        ));
    }
    let mut groups = Vec::with_capacity(def.groups.len());
    let mut seen: Vec<&str> = Vec::new();
    for (g, words) in def.groups.iter().enumerate() {
        if words.is_empty() {
            return Err(format!("group {} is empty", g + 1));
        }
        let mut group = Vec::with_capacity(words.len());
        for w in words {
            let (base, stem) = match w.strip_suffix('*') {
                Some(b) => (b, true),
                None => (w.as_str(), false),
            };
            if base.is_empty()
                || !base
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                return Err(format!(
                    "word `{w}`: a phrase word is lower-case ASCII letters and digits, with an optional `*` at the end"
                ));
            }
            if stem && base.len() < 3 {
                return Err(format!(
                    "stem `{w}` is too short: a stem needs three letters at least"
                ));
            }
            if !stem && base.len() < 2 {
                return Err(format!("word `{w}` is too short: two letters at least"));
            }
            if seen.contains(&w.as_str()) {
                return Err(format!("word `{w}` is in two groups"));
            }
            seen.push(w);
            group.push(w.clone());
        }
        groups.push(group);
    }
    Ok(Phrase {
        groups,
        within: def.within,
    })
}
