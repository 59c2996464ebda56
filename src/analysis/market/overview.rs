//! The market itself, for `skillgap market` and counselors: how many postings, the most asked-for
//! skills required vs preferred, by level, and what goes together.

use serde::{Deserialize, Serialize};

use super::super::job;
use super::fitter::share_of;
use super::Fitter;
use crate::taxonomy::Taxonomy;

impl Fitter<'_> {
    /// The market itself, for `skillgap market`: most asked-for skills, required vs preferred,
    /// per level, and what goes together.
    pub fn overview(&self, tax: &Taxonomy, top: usize) -> MarketOverview {
        let n = self.postings();
        let nskills = self.tax.skills.len();
        let mut req = vec![0usize; nskills];
        let mut pref = vec![0usize; nskills];
        let mut per_level: Vec<Vec<usize>> = vec![vec![0; nskills]; self.levels().len()];
        let mut posting_skills: Vec<Vec<usize>> = Vec::with_capacity(n);
        for p in 0..n {
            let mut skills = Vec::new();
            for &(s, w) in self.asks(p) {
                let i = usize::from(s);
                if u32::from(w) == job::REQUIRED_WEIGHT {
                    req[i] += 1;
                } else {
                    pref[i] += 1;
                }
                per_level[self.level_of(p)][i] += 1;
                skills.push(i);
            }
            posting_skills.push(skills);
        }
        let ranked = |counts: &dyn Fn(usize) -> usize, total: usize| -> Vec<SkillAsk> {
            let mut v: Vec<(usize, usize)> = (0..nskills)
                .map(|i| (i, counts(i)))
                .filter(|&(_, c)| c > 0)
                .collect();
            v.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), self.tax.skills[i].id.clone()));
            v.truncate(top);
            v.into_iter()
                .map(|(i, c)| SkillAsk {
                    id: self.tax.skills[i].id.clone(),
                    name: self.tax.skills[i].name.clone(),
                    required: req[i],
                    preferred: pref[i],
                    share: share_of(c, total),
                })
                .collect()
        };
        let skills = ranked(&|i| req[i] + pref[i], n);
        let levels = self
            .levels()
            .iter()
            .enumerate()
            .map(|(l, name)| {
                let count = (0..n).filter(|&p| self.level_of(p) == l).count();
                let mut top_skills: Vec<(usize, usize)> = (0..nskills)
                    .map(|i| (i, per_level[l][i]))
                    .filter(|&(_, c)| c > 0)
                    .collect();
                top_skills
                    .sort_by_key(|&(i, c)| (std::cmp::Reverse(c), self.tax.skills[i].id.clone()));
                top_skills.truncate(top.min(10));
                LevelOverview {
                    level: (*name).to_string(),
                    postings: count,
                    top: top_skills
                        .into_iter()
                        .map(|(i, c)| LevelSkill {
                            id: self.tax.skills[i].id.clone(),
                            share: share_of(c, count),
                        })
                        .collect(),
                }
            })
            .collect();
        // What goes together: for the most asked-for skills, the skills most often in the same
        // postings, as a share of the postings asking for the first.
        let together = skills
            .iter()
            .take(top.min(10))
            .map(|s| {
                let i = tax.index_of(&s.id).expect("ids come from the taxonomy");
                let with: Vec<&Vec<usize>> = posting_skills
                    .iter()
                    .filter(|ps| ps.binary_search(&i).is_ok())
                    .collect();
                let mut co = vec![0usize; nskills];
                for ps in &with {
                    for &j in ps.iter() {
                        co[j] += 1;
                    }
                }
                let mut v: Vec<(usize, usize)> = (0..nskills)
                    .filter(|&j| j != i && co[j] > 0)
                    .map(|j| (j, co[j]))
                    .collect();
                v.sort_by_key(|&(j, c)| (std::cmp::Reverse(c), self.tax.skills[j].id.clone()));
                v.truncate(5);
                Together {
                    id: s.id.clone(),
                    postings: with.len(),
                    also: v
                        .into_iter()
                        .map(|(j, c)| LevelSkill {
                            id: self.tax.skills[j].id.clone(),
                            share: share_of(c, with.len()),
                        })
                        .collect(),
                }
            })
            .collect();
        let soft = self
            .soft
            .iter()
            .take(top.min(10))
            .map(|&(i, c)| LevelSkill {
                id: self.tax.skills[i].id.clone(),
                share: share_of(c as usize, n),
            })
            .collect();
        MarketOverview {
            source: self.market.source.clone(),
            date: self.market.date.clone(),
            role: self.market.role.clone(),
            level: self.level.map(str::to_string),
            postings: n,
            ready_at: self.ready_at,
            skills,
            levels,
            together,
            soft_skills: soft,
        }
    }
}

/// `skillgap market`: the market itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketOverview {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub postings: usize,
    pub ready_at: f64,
    /// The most asked-for skills (soft skills aside).
    pub skills: Vec<SkillAsk>,
    pub levels: Vec<LevelOverview>,
    /// For the most asked-for skills: what the same postings also ask for.
    pub together: Vec<Together>,
    /// Soft skills the postings name most (not part of any fit).
    pub soft_skills: Vec<LevelSkill>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillAsk {
    pub id: String,
    pub name: String,
    /// Postings that require it.
    pub required: usize,
    /// Postings that prefer it.
    pub preferred: usize,
    /// Share of postings that ask for it at all.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelOverview {
    pub level: String,
    pub postings: usize,
    pub top: Vec<LevelSkill>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelSkill {
    pub id: String,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Together {
    pub id: String,
    /// Postings that ask for it.
    pub postings: usize,
    /// The skills those postings ask for most often, as a share of them.
    pub also: Vec<LevelSkill>,
}
