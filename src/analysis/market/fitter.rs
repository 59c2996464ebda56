//! A market prepared for one run, and the fit of one resume against it.
//!
//! Per resume the work is proportional to the postings the resume's skills touch, not to the
//! market: a posting that asks for none of the skills a resume shows (and accepts none of them
//! instead) has matched weight 0 for every such resume, so its rate, readiness and what one more
//! skill would do to it are the same for all of them and are computed once, in [`Fitter::new`].
//! [`Fitter::fit`] starts from that empty resume and redoes only the touched postings.

use serde::{Deserialize, Serialize};

use super::super::job;
use super::super::percent;
use super::compile;
use super::{level_slug, Market, NEXT_SKILLS};
use crate::analysis::skillset::SkillSet;
use crate::taxonomy::{Kind, Taxonomy};

/// A market prepared for one run: restricted to a level, with a readiness threshold, compiled to
/// skill lists. Build it once; [`Fitter::fit`] is then cheap per resume.
#[derive(Debug, Clone)]
pub struct Fitter<'m> {
    pub market: &'m Market,
    pub level: Option<&'static str>,
    pub ready_at: f64,
    /// The postings compiled: their asks, alternatives and candidates, the postings each skill
    /// can change, and what makes each ready.
    c: compile::Compiled,
    pub(super) soft: Vec<(usize, u32)>,
    kind_soft: Vec<bool>,
    /// The taxonomy the skill indices refer to.
    pub(super) tax: &'m Taxonomy,
    /// `percent(got, total)` for `got ≤ total ≤ max_total`, at `total * (max_total + 1) + got`:
    /// rates are looked up, not divided and rounded, in the per-resume loops.
    rates: Vec<f64>,
    max_total: u32,
    /// Per level (index into `levels`): the postings' range (they are grouped by level).
    level_ranges: Vec<(usize, usize)>,
    /// Skills the postings ask for that are not soft skills, by id: what can be a gap.
    gap_skills: Vec<usize>,
    /// Skills that can change a posting's rate and are not soft skills: what can be learnt next,
    /// in the order that breaks a tie in postings gained (fewer hours, then id), with their
    /// prerequisites (`prereqs[from..to]`).
    choosable: Vec<(usize, u32, u32)>,
    prereqs: Vec<usize>,
    /// The resume that shows nothing: every posting's readiness, and per skill the postings it
    /// alone would make ready.
    empty: SkillSet,
    empty_state: Vec<(u32, u32)>,
    empty_ready: Vec<bool>,
    empty_gains: Vec<u32>,
    /// Per posting: below this matched weight no one skill can make it ready, even at the
    /// smallest total its alternatives allow, so it is not ready and adds nothing to any skill's
    /// gains: the per-resume loops skip it after one comparison.
    far_below: Vec<u32>,
}

/// What `--level` names that the market does not hold.
#[derive(Debug, thiserror::Error)]
#[error("no postings of level `{level}` in the market (levels: {known})")]
pub struct UnknownLevel {
    pub level: String,
    pub known: String,
}

impl<'m> Fitter<'m> {
    pub fn new(
        tax: &'m Taxonomy,
        market: &'m Market,
        level: Option<&str>,
        ready_at: f64,
    ) -> Result<Self, UnknownLevel> {
        let known = || {
            market
                .levels()
                .iter()
                .map(|(l, n)| format!("{l} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let level = match level {
            None => None,
            Some(l) => {
                match level_slug(l).filter(|s| market.levels().iter().any(|(k, _)| k == s)) {
                    Some(s) => Some(s),
                    None => {
                        return Err(UnknownLevel {
                            level: l.to_string(),
                            known: known(),
                        })
                    }
                }
            }
        };
        let n = tax.skills.len();
        let kind_soft: Vec<bool> = tax.skills.iter().map(|s| s.kind == Kind::Soft).collect();
        let weights = compile::Weights {
            required: job::REQUIRED_WEIGHT,
            preferred: job::PREFERRED_WEIGHT,
        };
        // The built-in market comes compiled for the defaults (build.rs); another market, or
        // another level or threshold, is compiled here.
        let c = market
            .compiled
            .and_then(|bytes| {
                let ids: Vec<&str> = tax.skills.iter().map(|s| s.id.as_str()).collect();
                let made = compile::Made {
                    ids: &ids,
                    weights,
                    ready_at,
                    level,
                };
                compile::decode(bytes, &made)
            })
            .unwrap_or_else(|| {
                compile::compile(market.postings(), &kind_soft, level, ready_at, weights)
            });
        let mut soft: Vec<(usize, u32)> = c
            .soft_counts
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, c)| c > 0)
            .collect();
        soft.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), i));
        let mut fitter = Fitter {
            market,
            level,
            ready_at,
            c,
            soft,
            kind_soft,
            tax,
            rates: Vec::new(),
            max_total: 0,
            level_ranges: Vec::new(),
            gap_skills: Vec::new(),
            choosable: Vec::new(),
            prereqs: Vec::new(),
            empty: SkillSet::with_capacity(n),
            empty_state: Vec::new(),
            empty_ready: Vec::new(),
            empty_gains: vec![0; n],
            far_below: Vec::new(),
        };
        let max_total = fitter.c.postings.iter().map(|c| c.total).max().unwrap_or(0);
        fitter.max_total = max_total;
        fitter.rates = (0..=max_total)
            .flat_map(|total| (0..=max_total).map(move |got| percent(got.min(total), total)))
            .collect();
        for (p, c) in fitter.c.postings.iter().enumerate() {
            match fitter.level_ranges.get_mut(c.level) {
                Some(range) => range.1 = p + 1,
                None => fitter.level_ranges.push((p, p + 1)),
            }
        }
        let mut gap_skills: Vec<usize> = (0..n)
            .filter(|&i| !fitter.kind_soft[i] && fitter.c.asked[i] > 0)
            .collect();
        gap_skills.sort_by(|&a, &b| fitter.tax.skills[a].id.cmp(&fitter.tax.skills[b].id));
        fitter.gap_skills = gap_skills;
        let mut choosable: Vec<usize> = (0..n)
            .filter(|&i| !fitter.kind_soft[i] && !fitter.by_skill(i).is_empty())
            .collect();
        choosable.sort_by(|&a, &b| {
            let (a, b) = (&tax.skills[a], &tax.skills[b]);
            a.hours.cmp(&b.hours).then_with(|| a.id.cmp(&b.id))
        });
        for i in choosable {
            let from = fitter.prereqs.len() as u32;
            fitter
                .prereqs
                .extend_from_slice(&tax.skills[i].prerequisite_index);
            fitter
                .choosable
                .push((i, from, fitter.prereqs.len() as u32));
        }
        fitter.empty_state = fitter.c.postings.iter().map(|c| (0, c.total)).collect();
        fitter.far_below = (0..fitter.c.postings.len())
            .map(|p| fitter.reach(p).saturating_sub(job::REQUIRED_WEIGHT))
            .collect();
        let empty_ready: Vec<bool> = (0..fitter.c.postings.len())
            .map(|p| fitter.is_ready(p, (0, fitter.c.postings[p].total)))
            .collect();
        let mut gains = vec![0u32; n];
        for (p, c) in fitter.c.postings.iter().enumerate() {
            fitter.flips(p, &fitter.empty, (0, c.total), empty_ready[p], |i| {
                gains[i] += 1
            });
        }
        fitter.empty_ready = empty_ready;
        fitter.empty_gains = gains;
        Ok(fitter)
    }

    /// The postings skill `i` can change the rate of, with the weight it adds.
    fn by_skill(&self, i: usize) -> &[(u32, u8)] {
        let (from, to) = self.c.by_skill_ranges[i];
        &self.c.by_skill[from as usize..to as usize]
    }

    /// Postings the fit is measured on.
    pub fn postings(&self) -> usize {
        self.c.postings.len()
    }

    /// The (skill, weight) asks of posting `p`.
    pub(super) fn asks(&self, p: usize) -> &[(u16, u8)] {
        let c = &self.c.postings[p];
        &self.c.asks[c.start as usize..c.end as usize]
    }

    /// The requirements of posting `p` other skills can stand in for: (skill, weight, the
    /// skills that can).
    fn alts(&self, p: usize) -> impl Iterator<Item = (usize, u32, &[u16])> + '_ {
        let c = &self.c.postings[p];
        self.c.alt_reqs[c.alt_start as usize..c.alt_end as usize]
            .iter()
            .map(|&(s, w, from, to)| {
                (
                    usize::from(s),
                    u32::from(w),
                    &self.c.alt_skills[from as usize..to as usize],
                )
            })
    }

    /// Whether posting `p` has requirements other skills can stand in for.
    fn has_alts(&self, p: usize) -> bool {
        let c = &self.c.postings[p];
        c.alt_end > c.alt_start
    }

    /// Level index (into [`Fitter::levels`]) of posting `p`.
    pub(super) fn level_of(&self, p: usize) -> usize {
        self.c.postings[p].level
    }

    /// The levels of the postings kept, in career order.
    pub(super) fn levels(&self) -> &[&'static str] {
        &self.c.levels
    }

    /// The total weight of posting `p` for a resume showing `shown`: what it asks for, less the
    /// requirements the resume meets with an alternative instead.
    fn total(&self, p: usize, shown: &SkillSet) -> u32 {
        let mut total = self.c.postings[p].total;
        for (skill, weight, alts) in self.alts(p) {
            if !shown.contains(skill) && alts.iter().any(|&a| shown.contains(usize::from(a))) {
                total -= weight;
            }
        }
        total
    }

    /// The matched and total weight of posting `p` (now `(got, total)` for `shown`) with skill `i`, not
    /// in `shown`, added: `i`'s ask adds to the matched weight, and the requirements
    /// it stands in for (or no longer needs a stand-in for) leave (or re-enter) the total.
    /// `gain` is the weight `i`'s ask adds (its candidate entry carries it).
    fn with(
        &self,
        p: usize,
        shown: &SkillSet,
        (got, total): (u32, u32),
        i: usize,
        gain: u32,
    ) -> (u32, u32) {
        let mut total = total;
        for (skill, weight, alts) in self.alts(p) {
            if shown.contains(skill) {
                continue;
            }
            let now = alts.iter().any(|&a| shown.contains(usize::from(a)));
            let after = skill != i && (now || alts.iter().any(|&a| usize::from(a) == i));
            match (now, after) {
                (true, false) => total += weight,
                (false, true) => total -= weight,
                _ => {}
            }
        }
        (got + gain, total)
    }

    /// The match rate for matched weight `got` of `total`: [`percent`], looked up.
    fn rate(&self, got: u32, total: u32) -> f64 {
        if got <= total && total <= self.max_total {
            self.rates[(total * (self.max_total + 1) + got) as usize]
        } else {
            percent(got, total)
        }
    }

    /// Whether matched weight `got` of `total` makes posting `p` ready.
    fn is_ready(&self, p: usize, (got, total): (u32, u32)) -> bool {
        if total == self.c.postings[p].total {
            got >= self.c.postings[p].need
        } else {
            self.rate(got, total) >= self.ready_at
        }
    }

    /// The least matched weight at which posting `p` can be ready for some resume: its `need`
    /// at its smallest total, every requirement with alternatives met by one (the rate only
    /// falls as the total grows, and rises with the matched weight).
    fn reach(&self, p: usize) -> u32 {
        let c = &self.c.postings[p];
        if !self.has_alts(p) {
            return c.need;
        }
        let least = c.total - self.alts(p).map(|(_, w, _)| w).sum::<u32>();
        (0..=least)
            .find(|&got| self.rate(got, least) >= self.ready_at)
            .unwrap_or(0)
    }

    /// Whether posting `p` at matched weight `got` is beyond one skill of ready (see
    /// `far_below`).
    fn is_far(&self, p: usize, got: u32) -> bool {
        got < self.far_below[p]
    }

    /// Call `f` with every skill not in `shown` that alone would make posting `p` ready (state
    /// `(got, total)`, `ready` now). Only postings one skill short can flip: those without
    /// alternatives by arithmetic on the weight they lack, the few with alternatives exactly.
    /// What it calls depends only on the skills `p` asks for, so adding a skill changes it only
    /// for the postings in that skill's `by_skill` list.
    fn flips(
        &self,
        p: usize,
        shown: &SkillSet,
        (got, total): (u32, u32),
        ready: bool,
        mut f: impl FnMut(usize),
    ) {
        if ready || self.is_far(p, got) {
            return;
        }
        let c = &self.c.postings[p];
        if !self.has_alts(p) {
            // Not far: it lacks at most the largest weight one skill adds.
            let lack = c.need.saturating_sub(got);
            for &(s, w) in self.asks(p) {
                if u32::from(w) >= lack && !shown.contains(usize::from(s)) {
                    f(usize::from(s));
                }
            }
            return;
        }
        // One skill adds at most 2 to the matched weight and takes out of the total at most the
        // requirements it can stand in for: skip postings even that cannot make ready.
        if total > c.max_remove
            && self.rate(got + job::REQUIRED_WEIGHT, total - c.max_remove) < self.ready_at
        {
            return;
        }
        for &(i, w, removes) in &self.c.candidates[c.cand_start as usize..c.cand_end as usize] {
            let i = usize::from(i);
            // The most `i` can do (a requirement it brings back into the total only lowers the
            // rate) is cheap to bound; the exact weights only for those that might make it.
            let removes = u32::from(removes);
            if shown.contains(i)
                || (total > removes
                    && self.rate(got + u32::from(w), total - removes) < self.ready_at)
            {
                continue;
            }
            if self.is_ready(p, self.with(p, shown, (got, total), i, u32::from(w))) {
                f(i);
            }
        }
    }

    /// Mean of match rates that sum to `sum` over `count` postings, one decimal (0 for none). The
    /// mean, not the median: over half of real resumes meet nothing at all of most postings, so
    /// their median is 0 whatever they show (measured on the LiveCareer and dotin resumes), while
    /// the mean still tells them apart.
    fn mean(sum: f64, count: usize) -> f64 {
        if count == 0 {
            return 0.0;
        }
        (sum / count as f64 * 10.0).round() / 10.0
    }

    /// The market fit of a resume that shows the skills `found` (indices into the taxonomy).
    pub fn fit(&self, found: &[usize]) -> MarketFit {
        let n = self.c.postings.len();
        let mut shown = SkillSet::with_capacity(self.tax.skills.len());
        for &i in found {
            shown.insert(i);
        }
        // The postings the resume's skills touch, ascending, with their matched weight; every
        // other one is as for the empty resume.
        let mut state = self.empty_state.clone();
        let mut is_touched = vec![false; n];
        for i in shown.iter() {
            for &(p, w) in self.by_skill(i) {
                state[p as usize].0 += u32::from(w);
                is_touched[p as usize] = true;
            }
        }
        let mut ready = self.empty_ready.clone();
        let mut first = self.empty_gains.clone();
        // Rates summed per level and in all, in posting order (the empty resume's are all 0).
        let mut sums = vec![0.0f64; self.c.levels.len()];
        let mut sum = 0.0f64;
        for p in (0..n).filter(|&p| is_touched[p]) {
            self.flips(p, &self.empty, self.empty_state[p], ready[p], |i| {
                first[i] -= 1
            });
            if self.has_alts(p) {
                state[p].1 = self.total(p, &shown);
            }
            ready[p] = self.is_ready(p, state[p]);
            self.flips(p, &shown, state[p], ready[p], |i| first[i] += 1);
            let rate = self.rate(state[p].0, state[p].1);
            sums[self.c.postings[p].level] += rate;
            sum += rate;
        }
        let ready_now = ready.iter().filter(|&&r| r).count();
        let share = |k: usize| share_of(k, n);

        let levels = self
            .level_ranges
            .iter()
            .enumerate()
            .map(|(l, &(start, end))| {
                let k = ready[start..end].iter().filter(|&&r| r).count();
                LevelFit {
                    level: self.c.levels[l].to_string(),
                    postings: end - start,
                    fit: Self::mean(sums[l], end - start),
                    ready_postings: k,
                    ready_share: share_of(k, end - start),
                }
            })
            .collect();
        let fit = Self::mean(sum, n);

        // Most gained first; `gap_skills` is by id, and the sort is stable: ties stay by id.
        let mut missing: Vec<usize> = self
            .gap_skills
            .iter()
            .copied()
            .filter(|&i| !shown.contains(i))
            .collect();
        missing.sort_by_key(|&i| std::cmp::Reverse(first[i]));
        let gaps = missing
            .into_iter()
            .map(|i| MarketGap {
                id: self.tax.skills[i].id.clone(),
                postings_gained: first[i] as usize,
                asked: self.c.asked[i] as usize,
            })
            .collect();

        // Greedy: the skill that opens the most further postings, prerequisites first.
        let mut next_skills = Vec::new();
        let mut gains = first;
        let mut total_ready = ready_now;
        let mut known = self.known(&shown);
        for _ in 0..NEXT_SKILLS {
            // The first skill in tie order with the most gains, among those not shown whose
            // prerequisites are known.
            let mut best: Option<(usize, u32)> = None;
            for &(i, from, to) in &self.choosable {
                let g = gains[i];
                if g == 0 || best.is_some_and(|(_, most)| g <= most) || shown.contains(i) {
                    continue;
                }
                if self.prereqs[from as usize..to as usize]
                    .iter()
                    .all(|&p| known.contains(p))
                {
                    best = Some((i, g));
                }
            }
            let Some((s, gained)) = best else { break };
            total_ready += gained as usize;
            next_skills.push(NextSkill {
                id: self.tax.skills[s].id.clone(),
                name: self.tax.skills[s].name.clone(),
                postings_gained: gained as usize,
                ready_share_after: share(total_ready),
                hours: self.tax.skills[s].hours,
            });
            if next_skills.len() == NEXT_SKILLS {
                // The gains are not read again.
                break;
            }
            // Only the postings that ask for `s` (or take it instead) change: take their old
            // contribution out of the gains and put the new one in.
            // A posting beyond one skill of ready adds nothing and stays unready; its total is
            // brought up to date only when it comes within reach.
            for &(p, _) in self.by_skill(s) {
                let p = p as usize;
                self.flips(p, &shown, state[p], ready[p], |i| gains[i] -= 1);
            }
            shown.insert(s);
            for &(p, w) in self.by_skill(s) {
                let p = p as usize;
                state[p].0 += u32::from(w);
                if self.is_far(p, state[p].0) {
                    continue;
                }
                if self.has_alts(p) {
                    state[p].1 = self.total(p, &shown);
                }
                ready[p] = self.is_ready(p, state[p]);
                self.flips(p, &shown, state[p], ready[p], |i| gains[i] += 1);
            }
            known = self.known(&shown);
        }

        let soft_skills = self
            .soft
            .iter()
            .filter(|&&(_, c)| share(c as usize) >= SOFT_REPORT_SHARE)
            .map(|&(i, c)| SoftAsk {
                id: self.tax.skills[i].id.clone(),
                asked_share: share(c as usize),
                shown: found.contains(&i),
            })
            .collect();

        MarketFit {
            source: self.market.source.clone(),
            level: self.level.map(str::to_string),
            postings: n,
            fit,
            ready_at: self.ready_at,
            ready_postings: ready_now,
            ready_share: share(ready_now),
            levels,
            next_skills,
            gaps,
            soft_skills,
        }
    }

    /// The skills taken as known for prerequisites: those shown, and everything they build on.
    fn known(&self, shown: &SkillSet) -> SkillSet {
        let mut known = shown.clone();
        let mut stack: Vec<usize> = (0..self.tax.skills.len())
            .filter(|&i| shown.contains(i))
            .collect();
        while let Some(i) = stack.pop() {
            for &p in &self.tax.skills[i].prerequisite_index {
                if !known.contains(p) {
                    known.insert(p);
                    stack.push(p);
                }
            }
        }
        known
    }
}

/// Soft skills reported beside the fit: those at least this share of postings name.
const SOFT_REPORT_SHARE: f64 = 0.05;

/// `count / total` with three decimals (0 when there are none).
pub(super) fn share_of(count: usize, total: usize) -> f64 {
    super::super::demand::share(count, total)
}

/// A resume measured against a market: the `market` block of the JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketFit {
    /// Where the postings come from.
    pub source: String,
    /// The level the market was restricted to (`--level`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Postings measured against (each names a skill that is not a soft skill).
    pub postings: usize,
    /// The mean match rate over the postings, 0–100: the headline.
    pub fit: f64,
    /// The readiness threshold (match rate, 0–100).
    pub ready_at: f64,
    /// Postings whose match rate is at least `ready_at`.
    pub ready_postings: usize,
    /// `ready_postings / postings`, 0–1.
    pub ready_share: f64,
    /// The same per posting level, in career order.
    pub levels: Vec<LevelFit>,
    /// Up to five skills to learn next, each the one that opens the most further postings.
    pub next_skills: Vec<NextSkill>,
    /// Every missing skill the market asks for, most postings gained first, ties by id.
    pub gaps: Vec<MarketGap>,
    /// Soft skills the postings name (left out of the fit), with whether the resume shows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub soft_skills: Vec<SoftAsk>,
}

impl MarketFit {
    /// The gap entry for `id`, if the market asks for it.
    pub fn gap(&self, id: &str) -> Option<&MarketGap> {
        self.gaps.iter().find(|g| g.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelFit {
    pub level: String,
    pub postings: usize,
    pub fit: f64,
    pub ready_postings: usize,
    pub ready_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextSkill {
    pub id: String,
    pub name: String,
    /// Postings this skill makes the resume ready for, on top of the skills before it.
    pub postings_gained: usize,
    /// `ready_share` once this and every earlier next skill are shown.
    pub ready_share_after: f64,
    /// Rough hours to working proficiency.
    pub hours: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketGap {
    pub id: String,
    /// Postings the resume would be ready for with this skill too.
    pub postings_gained: usize,
    /// Postings that ask for the skill (required or preferred).
    pub asked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoftAsk {
    pub id: String,
    /// Share of the postings that name it.
    pub asked_share: f64,
    /// Whether the resume shows it.
    pub shown: bool,
}
