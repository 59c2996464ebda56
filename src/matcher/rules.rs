//! The matcher's decisions, in one place: whether a candidate mention stands for its skill, and
//! how sure that is. Each rule names a condition on the candidate's [`Features`] and what follows
//! from it; the first rule whose condition holds decides. Read the table top to bottom to know
//! what happens to any mention.
//!
//! Whether an accepted mention counts (negated, wished-for, a hobby) is a separate question,
//! answered by [`super::context`] for every accepted mention alike.

use super::features::{Features, Found};

/// What a rule concludes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    /// The mention stands for the skill, with this confidence.
    Accept(f32),
    /// Accept as listed: 1.0 for the skill's own name, 0.95 for another alias.
    AsListed,
    /// Accept a typo, with a confidence from its edit distance.
    AsTypo,
    /// The mention is something else.
    Drop,
}

pub(crate) struct Rule {
    /// What the rule recognises, in words.
    pub name: &'static str,
    pub when: fn(&Features<'_, '_>) -> bool,
    pub then: Verdict,
}

use Verdict::{Accept, AsListed, AsTypo, Drop};

/// First match wins.
pub(crate) const RULES: &[Rule] = &[
    // Typos: only where skills are expected.
    Rule {
        name: "typo in a skills list or beside another skill",
        when: |f| f.found() == Found::Fuzzy && (f.list() || f.skill_in_sentence()),
        then: AsTypo,
    },
    Rule {
        name: "typo elsewhere",
        when: |f| f.found() == Found::Fuzzy,
        then: Drop,
    },
    // Names listed in `shadows` contain a skill's name but are something else: they only hide
    // the name inside them (longest match wins).
    Rule {
        name: "a name that contains a skill's name (Node-RED)",
        when: |f| f.found() == Found::Shadow,
        then: Drop,
    },
    // Concept phrases of the taxonomy ("migrated ... data"): stated, but in plain words.
    Rule {
        name: "concept phrase whose key word is part of another skill's name",
        when: |f| f.found() == Found::Phrase && f.anchor_taken(),
        then: Drop,
    },
    Rule {
        name: "concept phrase across the items of a list",
        when: |f| f.found() == Found::Phrase && f.across_list_items(),
        then: Drop,
    },
    Rule {
        name: "concept phrase",
        when: |f| f.found() == Found::Phrase,
        then: Accept(0.75),
    },
    Rule {
        name: "a role in a team roster (PM, QA, DBA)",
        when: |f| f.found() == Found::Alias && f.in_roster(),
        then: Drop,
    },
    // Case-sensitive aliases (`REST`, `C`, `TDD`) in another case are ordinary words, except as
    // tags, where job boards write every skill in lower case.
    Rule {
        name: "another case than its case-sensitive alias, outside a tag run",
        when: |f| !f.case_ok() && !f.in_tag_run(),
        then: Drop,
    },
    Rule {
        name: "in a run of lower-case tags (python flask rest docker)",
        when: |f| (f.ambiguous() || !f.case_ok()) && f.in_tag_run(),
        then: Accept(0.85),
    },
    // Listed names that are nothing else.
    Rule {
        name: "unambiguous alias",
        when: |f| !f.ambiguous(),
        then: AsListed,
    },
    // Ambiguous names (`Go`, `Spring`, `Express`, `C`): part of another word or name first.
    Rule {
        name: "glued to another word (go-getter, R&D, R. Smith)",
        when: |f| f.glued(),
        then: Drop,
    },
    Rule {
        name: "after a capitalised word (American Express)",
        when: |f| f.after_a_name(),
        then: Drop,
    },
    Rule {
        name: "in a technical skills list",
        when: |f| f.list() && f.technical_line(),
        then: Accept(0.9),
    },
    Rule {
        name: "not in its own case (go, spring)",
        when: |f| !f.own_case(),
        then: Drop,
    },
    Rule {
        name: "in a technical sentence",
        when: |f| f.technical_sentence(),
        then: Accept(0.8),
    },
    Rule {
        name: "no technical context",
        when: |_| true,
        then: Drop,
    },
];

/// The verdict on a candidate and the rule that gave it.
pub(crate) fn decide(f: &Features<'_, '_>) -> (Verdict, &'static str) {
    RULES
        .iter()
        .find(|r| (r.when)(f))
        .map_or((Drop, "no rule"), |r| (r.then, r.name))
}
