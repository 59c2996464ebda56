//! The learning plan: from a list of gaps to an ordered path a person can follow.
//!
//! A plan takes the gaps worth closing (by default the role's core and important technical
//! gaps), keeps one option of each unmet choice ("a relational database" needs one, not six),
//! adds every missing prerequisite, and orders the result so no skill comes before one of its
//! missing prerequisites: core skills (and what they need) first, then important ones, each tier
//! from foundations (no missing prerequisite) upwards. A stage is a run of steps of the same
//! importance and depth, so the steps of a stage can be learnt in any order; within a stage the
//! skills more job postings ask for come first. Where the analysis was measured against a job
//! market, the market's next skills come first, as stage 1 in their own order (each one opens
//! the most further postings given those before it, and never precedes a prerequisite).
//!
//! Skills the document never names but that a skill it shows is built on (Django → Python,
//! Kubernetes → Docker → Linux) are taken as known: they are listed as `implied`, not planned.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::taxonomy::{Course, Importance, Kind, Role, Taxonomy};

/// Which gaps a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlanScope {
    /// Core and important gaps that are not soft skills, plus their missing prerequisites.
    #[default]
    Focused,
    /// Every gap, bonus and soft skills too.
    All,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    pub id: String,
    pub name: String,
    pub category: String,
    /// Consecutive steps of the same importance and prerequisite depth share a stage; every
    /// missing prerequisite of a step is in an earlier stage.
    pub stage: u32,
    /// How much the step matters: the skill's importance for the role, raised to that of the
    /// most important skill that needs it as a prerequisite.
    pub importance: Importance,
    /// Why the step is in the plan: "core skill", "prerequisite of Kubernetes", ….
    pub why: String,
    /// Rough hours to working proficiency.
    pub hours: u32,
    /// Hours of this step and all before it.
    pub cumulative_hours: u32,
    /// Share (0–1) of job postings that ask for the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<f64>,
    /// Missing prerequisites, all earlier steps of this plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    pub courses: Vec<Course>,
    pub tools: Vec<String>,
    /// A small project to practise the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
}

/// A gap a focused plan leaves out because learning it would first need a skill off the role's
/// path (an alternative to one the person has, or a concept the role does not use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deferred {
    pub id: String,
    pub name: String,
    /// Ids of the off-path prerequisites it would need.
    pub needs: Vec<String>,
}

/// A plan and what it leaves out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Steps in learning order.
    pub steps: Vec<PlanStep>,
    /// The role's gaps taken as known.
    pub implied: Vec<Implied>,
    /// Gaps the focused plan defers.
    pub deferred: Vec<Deferred>,
}

/// A skill the document does not name, taken as known because skills it shows build on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Implied {
    pub id: String,
    pub name: String,
    /// Ids of the skills found that build on it.
    pub by: Vec<String>,
}

/// Rebuild `analysis.plan`, `analysis.implied` and `analysis.deferred` for `scope`.
pub fn attach(tax: &Taxonomy, role: &Role, analysis: &mut Analysis, scope: PlanScope) {
    let plan = build(tax, role, analysis, scope);
    analysis.plan = plan.steps;
    analysis.implied = plan.implied;
    analysis.deferred = plan.deferred;
}

/// The plan for an analysis of `role`.
pub fn build(tax: &Taxonomy, role: &Role, analysis: &Analysis, scope: PlanScope) -> Plan {
    let found: HashSet<usize> = analysis
        .matched
        .iter()
        .filter_map(|m| tax.index_of(&m.id))
        .collect();
    let implied_by = implied(tax, &found);
    let known = |i: usize| found.contains(&i) || implied_by.contains_key(&i);

    // Gaps that could be planned, with their importance for the role.
    let mut candidates: BTreeMap<usize, Importance> = BTreeMap::new();
    for g in &analysis.gaps {
        let Some(i) = tax.index_of(&g.id) else {
            continue;
        };
        let s = &tax.skills[i];
        let in_scope = match scope {
            PlanScope::Focused => g.importance != Importance::Bonus && s.kind != Kind::Soft,
            PlanScope::All => true,
        };
        if in_scope && !known(i) && g.alternatives_found.is_empty() {
            candidates.insert(i, g.importance);
        }
    }

    // Off the role's path: an alternative to a choice already met or not picked, or a concept
    // the role does not use. A focused plan does not send a Python developer to learn PHP for
    // the sake of a CMS, nor a DBA through web development for the sake of database permissions:
    // it defers targets that would first need such a skill.
    let in_role: HashSet<usize> = role.skills.iter().map(|rs| rs.skill).collect();
    let mut picked: HashMap<usize, &str> = HashMap::new();
    let mut dropped: HashSet<usize> = HashSet::new();
    let off_path = |p: usize, dropped: &HashSet<usize>, picked: &HashMap<usize, &str>| {
        (dropped.contains(&p) && !picked.contains_key(&p))
            || (!in_role.contains(&p) && tax.skills[p].kind != Kind::Technology)
    };
    for choice in role
        .choices
        .iter()
        .filter(|c| c.skills.iter().any(|&i| known(i)))
    {
        dropped.extend(choice.skills.iter().copied().filter(|&i| !known(i)));
    }

    // One option per unmet choice: one reachable without detours, building on what the person
    // knows (or has already been picked), then the most important, most asked-for, quickest.
    for choice in role
        .choices
        .iter()
        .filter(|c| !c.skills.iter().any(|&i| known(i)))
    {
        if let Some(&already) = choice.skills.iter().find(|i| picked.contains_key(i)) {
            dropped.extend(choice.skills.iter().copied().filter(|&i| i != already));
            continue;
        }
        let best = choice
            .skills
            .iter()
            .copied()
            .filter(|i| candidates.contains_key(i))
            .min_by_key(|&i| {
                let s = &tax.skills[i];
                let detour =
                    !off_path_needs(tax, i, &known, &|p| off_path(p, &dropped, &picked)).is_empty();
                let synergy = s
                    .prerequisite_index
                    .iter()
                    .any(|&p| known(p) || picked.contains_key(&p));
                (
                    detour,
                    Reverse(synergy),
                    candidates[&i],
                    Reverse(demand_key(s.demand)),
                    s.hours,
                    s.id.as_str(),
                )
            });
        if let Some(b) = best {
            picked.insert(b, choice.label.as_str());
        }
        dropped.extend(choice.skills.iter().copied().filter(|i| Some(*i) != best));
    }
    let mut targets: BTreeMap<usize, Importance> = candidates
        .into_iter()
        .filter(|(i, _)| picked.contains_key(i) || !dropped.contains(i))
        .collect();

    let mut deferred = Vec::new();
    if scope == PlanScope::Focused {
        targets.retain(|&i, _| {
            let needs = off_path_needs(tax, i, &known, &|p| off_path(p, &dropped, &picked));
            if needs.is_empty() {
                return true;
            }
            deferred.push(Deferred {
                id: tax.skills[i].id.clone(),
                name: tax.skills[i].name.clone(),
                needs: needs
                    .into_iter()
                    .map(|p| tax.skills[p].id.clone())
                    .collect(),
            });
            false
        });
    }

    // Close over missing prerequisites.
    let mut in_plan: BTreeSet<usize> = targets.keys().copied().collect();
    let mut stack: Vec<usize> = in_plan.iter().copied().collect();
    while let Some(i) = stack.pop() {
        for p in missing_prereqs(tax, i, &known) {
            if in_plan.insert(p) {
                stack.push(p);
            }
        }
    }

    // Depth: the longest chain of missing prerequisites below each step (1 = none).
    let mut depth: HashMap<usize, u32> = HashMap::new();
    for &i in &in_plan {
        depth_of(tax, i, &known, &mut depth, 0);
    }

    // Importance flows down from a skill to its prerequisites (most important dependent wins).
    let mut needed_by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &in_plan {
        for p in missing_prereqs(tax, i, &known) {
            needed_by.entry(p).or_default().push(i);
        }
    }
    let mut by_stage_desc: Vec<usize> = in_plan.iter().copied().collect();
    by_stage_desc.sort_by_key(|i| Reverse(depth[i]));
    let mut importance: HashMap<usize, Importance> = HashMap::new();
    for &i in &by_stage_desc {
        let own = targets.get(&i).copied().unwrap_or(Importance::Bonus);
        let from_dependents = needed_by
            .get(&i)
            .into_iter()
            .flatten()
            .filter_map(|d| importance.get(d).copied())
            .min();
        importance.insert(i, from_dependents.map_or(own, |d| d.min(own)));
    }

    // The market's next skills lead, as stage 1 in their own order (each after its prerequisites:
    // the market picks them that way); the rest of the plan follows.
    let lead: Vec<(usize, usize)> = analysis
        .market
        .iter()
        .flat_map(|m| &m.next_skills)
        .filter_map(|n| Some((tax.index_of(&n.id)?, n.postings_gained)))
        .filter(|(i, _)| !known(*i))
        .collect();
    let gained: HashMap<usize, usize> = lead.iter().copied().collect();
    for &(i, _) in &lead {
        depth.entry(i).or_insert(1);
        let own = analysis
            .gaps
            .iter()
            .find(|g| g.id == tax.skills[i].id)
            .map_or(tax.skills[i].importance, |g| g.importance);
        let imp = importance.get(&i).map_or(own, |&d| d.min(own));
        importance.insert(i, imp);
    }
    // Most important first, each skill after its missing prerequisites: a prerequisite is at
    // least as important as what needs it and sits at a lower depth, so this order is
    // topological. A stage is a run of steps with the same importance and depth: nothing in a
    // stage depends on anything else in it, and every missing prerequisite is in an earlier one.
    let mut order: Vec<usize> = in_plan.iter().copied().collect();
    let group = |i: usize| (importance[&i], depth[&i]);
    order.sort_by_key(|&i| {
        let s = &tax.skills[i];
        (group(i), Reverse(demand_key(s.demand)), s.id.as_str())
    });
    let mut stage: HashMap<usize, u32> = HashMap::new();
    let mut current = (0u32, None);
    order.retain(|i| !gained.contains_key(i));
    if !lead.is_empty() {
        current.0 = 1;
        for &(i, _) in &lead {
            stage.insert(i, 1);
        }
    }
    for &i in &order {
        if current.1 != Some(group(i)) {
            current = (current.0 + 1, Some(group(i)));
        }
        stage.insert(i, current.0);
    }
    let order: Vec<usize> = lead.iter().map(|&(i, _)| i).chain(order).collect();

    let mut total = 0u32;
    let steps = order
        .into_iter()
        .map(|i| {
            let s = &tax.skills[i];
            total += s.hours;
            let mut why = Vec::new();
            if let Some(n) = gained.get(&i) {
                why.push(format!("opens {n} more job postings"));
            }
            if let Some(imp) = targets.get(&i) {
                why.push(match picked.get(&i) {
                    Some(label) => format!("{imp} skill, as {label}"),
                    None => format!("{imp} skill"),
                });
            }
            if let Some(deps) = needed_by.get(&i) {
                let mut names: Vec<&str> =
                    deps.iter().map(|&d| tax.skills[d].name.as_str()).collect();
                names.sort_unstable();
                why.push(format!("prerequisite of {}", names.join(", ")));
            }
            let mut after: Vec<String> = missing_prereqs(tax, i, &known)
                .map(|p| tax.skills[p].id.clone())
                .collect();
            after.sort();
            PlanStep {
                id: s.id.clone(),
                name: s.name.clone(),
                category: s.category.clone(),
                stage: stage[&i],
                importance: importance[&i],
                why: why.join("; "),
                hours: s.hours,
                cumulative_hours: total,
                demand: s.demand,
                after,
                courses: s.courses.clone(),
                tools: s.tools.clone(),
                practice: s.practice.clone(),
            }
        })
        .collect();

    let gap_ids: HashSet<&str> = analysis.gaps.iter().map(|g| g.id.as_str()).collect();
    let implied_list = implied_by
        .into_iter()
        .filter(|(i, _)| gap_ids.contains(tax.skills[*i].id.as_str()))
        .map(|(i, by)| Implied {
            id: tax.skills[i].id.clone(),
            name: tax.skills[i].name.clone(),
            by: by.into_iter().map(|b| tax.skills[b].id.clone()).collect(),
        })
        .collect();
    Plan {
        steps,
        implied: implied_list,
        deferred,
    }
}

/// Skills taken as known, each with the found skills that imply it. A found skill implies its
/// direct prerequisites; an implied *technology* passes that on (Kubernetes → Docker → Linux),
/// an implied concept does not (Kafka → distributed systems, but not on to system design).
fn implied(tax: &Taxonomy, found: &HashSet<usize>) -> BTreeMap<usize, BTreeSet<usize>> {
    let mut out: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut roots: Vec<usize> = found.iter().copied().collect();
    roots.sort_unstable();
    for root in roots {
        let mut stack = vec![root];
        let mut seen = HashSet::from([root]);
        while let Some(i) = stack.pop() {
            for p in tax.skills[i].prerequisite_index.iter().copied() {
                if found.contains(&p) || !seen.insert(p) {
                    continue;
                }
                out.entry(p).or_default().insert(root);
                if tax.skills[p].kind == Kind::Technology {
                    stack.push(p);
                }
            }
        }
    }
    out
}

/// The off-path skills `i` would first need: missing prerequisites, followed down until one is
/// off the path.
fn off_path_needs(
    tax: &Taxonomy,
    i: usize,
    known: &impl Fn(usize) -> bool,
    off_path: &dyn Fn(usize) -> bool,
) -> BTreeSet<usize> {
    let mut stack = vec![i];
    let mut seen = HashSet::new();
    let mut needs = BTreeSet::new();
    while let Some(j) = stack.pop() {
        for p in missing_prereqs(tax, j, known) {
            if off_path(p) {
                needs.insert(p);
            } else if seen.insert(p) {
                stack.push(p);
            }
        }
    }
    needs
}

fn missing_prereqs<'a>(
    tax: &'a Taxonomy,
    i: usize,
    known: &'a impl Fn(usize) -> bool,
) -> impl Iterator<Item = usize> + 'a {
    tax.skills[i]
        .prerequisite_index
        .iter()
        .copied()
        .filter(move |&p| !known(p))
}

/// Depth of `i`, memoised. The taxonomy loader rejects prerequisite cycles; `depth` still stops
/// a runaway recursion should a hand-built taxonomy slip one through.
fn depth_of(
    tax: &Taxonomy,
    i: usize,
    known: &impl Fn(usize) -> bool,
    memo: &mut HashMap<usize, u32>,
    depth: usize,
) -> u32 {
    if let Some(&s) = memo.get(&i) {
        return s;
    }
    if depth > tax.skills.len() {
        return 1;
    }
    let below: Vec<usize> = missing_prereqs(tax, i, known).collect();
    let s = 1 + below
        .into_iter()
        .map(|p| depth_of(tax, p, known, memo, depth + 1))
        .max()
        .unwrap_or(0);
    memo.insert(i, s);
    s
}

/// Demand as an orderable integer (per mille); unknown demand sorts as zero.
fn demand_key(d: Option<f64>) -> u32 {
    d.map_or(0, |v| (v * 1000.0).round().clamp(0.0, 1000.0) as u32)
}
