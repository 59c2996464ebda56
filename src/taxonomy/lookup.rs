//! Finding skills and roles by what a person types: an id, a name or any alias, in any case
//! (`taxonomy show Kubernetes`, `k8s`), and the closest known one when nothing matches, so every
//! "unknown …" message can say "did you mean".
//!
//! Not compiled into the build script (it includes `taxonomy/` by path and has no `strsim`).

use super::{Role, Skill, Taxonomy};
use crate::text::normalize_key;

/// How similar (Jaro-Winkler, 0–1) a known name must be to a miss to be offered as a typo fix.
const SIMILAR_ENOUGH: f64 = 0.8;

impl Taxonomy {
    /// The skill `query` names: its id, its name or one of its aliases, compared after
    /// normalisation (case, Unicode forms, white space).
    pub fn find_skill(&self, query: &str) -> Option<&Skill> {
        if let Some(s) = self.skill(query.trim()) {
            return Some(s);
        }
        let want = normalize_key(query);
        if want.is_empty() {
            return None;
        }
        self.skills
            .iter()
            .find(|s| skill_names(s).any(|n| normalize_key(n) == want))
    }

    /// The id of the known skill closest to `query` (a miss of [`Taxonomy::find_skill`]): an
    /// exact id, name or alias first (`k8s` → `kubernetes`), else the most similar one when it is
    /// similar enough to be a plausible typo.
    pub fn closest_skill(&self, query: &str) -> Option<&str> {
        if let Some(s) = self.find_skill(query) {
            return Some(&s.id);
        }
        closest(
            &normalize_key(query),
            self.skills.iter().map(|s| (s.id.as_str(), skill_names(s))),
        )
    }

    /// The role `query` names: its id or its name, in any case.
    pub fn find_role(&self, query: &str) -> Option<&Role> {
        if let Some(r) = self.role(query.trim()) {
            return Some(r);
        }
        let want = normalize_key(query);
        self.roles
            .iter()
            .find(|r| normalize_key(&r.id) == want || normalize_key(&r.name) == want)
    }

    /// The id of the known role closest to `query`: the only one whose id or name holds it
    /// (`backend` → `backend-developer`, `security` → `information-security-analyst`), else the
    /// most similar one.
    pub fn closest_role(&self, query: &str) -> Option<&str> {
        let want = normalize_key(query);
        if want.is_empty() {
            return None;
        }
        let holding: Vec<&Role> = self
            .roles
            .iter()
            .filter(|r| {
                normalize_key(&r.id).contains(&want) || normalize_key(&r.name).contains(&want)
            })
            .collect();
        if let [only] = holding.as_slice() {
            return Some(&only.id);
        }
        closest(
            &want,
            self.roles
                .iter()
                .map(|r| (r.id.as_str(), [r.id.as_str(), r.name.as_str()].into_iter())),
        )
    }
}

/// A skill's id, name and aliases.
fn skill_names(s: &Skill) -> impl Iterator<Item = &str> {
    [s.id.as_str(), s.name.as_str()]
        .into_iter()
        .chain(s.aliases.iter().map(|a| a.text.as_str()))
}

/// The id whose names hold the one most similar to `want` (already normalised), when similar
/// enough; the first such id on ties, so the answer does not depend on hashing.
fn closest<'a, N: Iterator<Item = &'a str>>(
    want: &str,
    candidates: impl Iterator<Item = (&'a str, N)>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for (id, names) in candidates {
        for name in names {
            let sim = strsim::jaro_winkler(want, &normalize_key(name));
            if best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, id));
            }
        }
    }
    best.filter(|(sim, _)| *sim >= SIMILAR_ENOUGH)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Taxonomy {
        Taxonomy::embedded().unwrap()
    }

    #[test]
    fn skills_are_found_by_id_name_or_alias_in_any_case() {
        let t = t();
        for q in ["kubernetes", "Kubernetes", "KUBERNETES", "k8s", " K8s "] {
            assert_eq!(
                t.find_skill(q).map(|s| s.id.as_str()),
                Some("kubernetes"),
                "{q}"
            );
        }
        assert_eq!(
            t.find_skill("amazon web services").map(|s| s.id.as_str()),
            t.find_skill("aws").map(|s| s.id.as_str())
        );
        assert!(t.find_skill("kubernets").is_none());
        assert!(t.find_skill("").is_none());
    }

    #[test]
    fn misses_get_the_closest_skill() {
        let t = t();
        assert_eq!(t.closest_skill("kubernets"), Some("kubernetes"));
        assert_eq!(t.closest_skill("dokcer"), Some("docker"));
        assert_eq!(t.closest_skill("zzzzqqqq"), None);
        // A one-letter id is no suggestion for a long miss.
        assert_eq!(t.closest_skill("cobol-9000"), None);
    }

    #[test]
    fn roles_are_found_by_id_or_name_and_misses_suggested() {
        let t = t();
        assert_eq!(
            t.find_role("Backend Developer").map(|r| r.id.as_str()),
            Some("backend-developer")
        );
        assert!(t.find_role("backend").is_none());
        assert_eq!(t.closest_role("backend"), Some("backend-developer"));
        assert_eq!(t.closest_role("devops"), Some("devops-engineer"));
        assert_eq!(
            t.closest_role("security"),
            Some("information-security-analyst")
        );
        assert_eq!(
            t.closest_role("backend-develper"),
            Some("backend-developer")
        );
        assert_eq!(t.closest_role("qqqqzzzz"), None);
    }
}
