//! The taxonomy as rows: what `skillgap taxonomy list` and `skillgap roles` print as JSON, and
//! what the Python package's `taxonomy()` returns.

use serde::Serialize;

use crate::taxonomy::{Importance, Taxonomy};

/// One skill of `taxonomy list`.
#[derive(Debug, Serialize)]
pub struct SkillRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    pub importance: Importance,
}

/// One role of `roles`.
#[derive(Debug, Serialize)]
pub struct RoleRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub skills: usize,
    /// Ids of the role's core skills.
    pub core: Vec<&'a str>,
    pub default: bool,
}

/// Every skill, in the taxonomy's sorted order.
pub fn skill_rows(tax: &Taxonomy) -> Vec<SkillRow<'_>> {
    tax.sorted_skills()
        .into_iter()
        .map(|s| SkillRow {
            id: &s.id,
            name: &s.name,
            category: &s.category,
            importance: s.importance,
        })
        .collect()
}

/// Every role, in taxonomy order.
pub fn role_rows(tax: &Taxonomy) -> Vec<RoleRow<'_>> {
    tax.roles
        .iter()
        .map(|r| RoleRow {
            id: &r.id,
            name: &r.name,
            description: &r.description,
            skills: r.skills.len(),
            core: r
                .skills
                .iter()
                .filter(|rs| rs.importance == Importance::Core)
                .map(|rs| tax.skills[rs.skill].id.as_str())
                .collect(),
            default: r.id == tax.default_role().id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_default_role_and_core_ids_are_skills() {
        let tax = Taxonomy::embedded().unwrap();
        let roles = role_rows(&tax);
        assert_eq!(roles.iter().filter(|r| r.default).count(), 1);
        for r in &roles {
            assert!(r.core.iter().all(|id| tax.skill(id).is_some()), "{}", r.id);
        }
        assert_eq!(skill_rows(&tax).len(), tax.skills.len());
    }
}
