//! What the kept reports (Markdown, HTML) put first and how they avoid saying things twice: the
//! gaps that matter (by postings gained where a market applies, else by importance), skills taken
//! as known kept apart from the gaps, and each course listed once.

use std::collections::{HashMap, HashSet};

use crate::analysis::{Analysis, Gap};
use crate::taxonomy::{Importance, Kind, Taxonomy};

/// Gaps a summary names before the long tail.
pub(crate) const TOP_GAPS: usize = 5;

/// A gap as the summary shows it.
#[derive(Debug, Clone)]
pub(crate) struct GapItem<'a> {
    pub id: &'a str,
    pub name: String,
    /// The role gap, when the skill is one (a market gap may lie beyond the role).
    pub gap: Option<&'a Gap>,
    /// More postings the person would be ready for with this skill alone (with a market).
    pub postings_gained: Option<usize>,
    /// Share (0–1) of the market's postings that ask for it (with a market).
    pub asked: Option<f64>,
    /// 1-based step of the plan that teaches it.
    pub plan_step: Option<usize>,
}

impl GapItem<'_> {
    pub fn importance(&self) -> Option<Importance> {
        self.gap.map(|g| g.importance)
    }

    pub fn hours(&self) -> Option<u32> {
        self.gap.map(|g| g.hours)
    }
}

/// The gaps that matter, most first, and the rest of the role's core and important gaps.
#[derive(Debug, Default)]
pub(crate) struct Gaps<'a> {
    pub top: Vec<GapItem<'a>>,
    /// Core and important gaps not in `top` (the long tail; bonus ones are only counted).
    pub rest: Vec<GapItem<'a>>,
    /// Bonus gaps not in `top`.
    pub bonus: Vec<GapItem<'a>>,
    /// Whether `top` is ranked by postings gained (a market applied).
    pub by_market: bool,
}

/// Ids of the skills taken as known (`analysis.implied`): never reported as gaps.
pub(crate) fn implied_ids(a: &Analysis) -> HashSet<&str> {
    a.implied.iter().map(|i| i.id.as_str()).collect()
}

/// The plan step (1-based) of each skill id.
pub(crate) fn plan_steps(a: &Analysis) -> HashMap<&str, usize> {
    a.plan
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i + 1))
        .collect()
}

/// The gaps that matter: with a market, the gaps that open the most postings on their own
/// (none that opens no posting); else core first, then important, technical before soft skills,
/// by demand, then fewest hours.
/// Skills taken as known are never among them.
pub(crate) fn gaps<'a>(a: &'a Analysis, tax: &Taxonomy) -> Gaps<'a> {
    let implied = implied_ids(a);
    let steps = plan_steps(a);
    let role_gap = |id: &str| a.gaps.iter().find(|g| g.id == id);
    let item = |id: &'a str, gained: Option<usize>, asked: Option<f64>| GapItem {
        id,
        name: role_gap(id)
            .map(|g| g.name.clone())
            .or_else(|| tax.skill(id).map(|s| s.name.clone()))
            .unwrap_or_else(|| id.to_string()),
        gap: role_gap(id),
        postings_gained: gained,
        asked,
        plan_step: steps.get(id).copied(),
    };
    let mut out = Gaps::default();
    if let Some(m) = &a.market {
        out.by_market = true;
        out.top = m
            .gaps
            .iter()
            .filter(|g| g.postings_gained > 0 && !implied.contains(g.id.as_str()))
            .take(TOP_GAPS)
            .map(|g| {
                item(
                    &g.id,
                    Some(g.postings_gained),
                    Some(crate::analysis::demand::share(g.asked, m.postings)),
                )
            })
            .collect();
    }
    if out.top.is_empty() {
        out.by_market = false;
        // Core first, then important; technical skills before soft ones (postings name soft
        // skills as boilerplate, and no course plan closes them); then the most asked for.
        let rank = |i: Importance| match i {
            Importance::Core => 0,
            Importance::Important => 1,
            Importance::Bonus => 2,
        };
        let soft = |id: &str| tax.skill(id).is_some_and(|s| s.kind == Kind::Soft);
        let mut ranked: Vec<&Gap> = a
            .gaps
            .iter()
            .filter(|g| !implied.contains(g.id.as_str()))
            .collect();
        ranked.sort_by(|x, y| {
            rank(x.importance)
                .cmp(&rank(y.importance))
                .then(soft(&x.id).cmp(&soft(&y.id)))
                .then(y.demand.unwrap_or(0.0).total_cmp(&x.demand.unwrap_or(0.0)))
                .then(x.hours.cmp(&y.hours))
                .then(x.name.cmp(&y.name))
        });
        out.top = ranked
            .into_iter()
            .take(TOP_GAPS)
            .map(|g| item(&g.id, None, None))
            .collect();
    }
    let shown: HashSet<&str> = out.top.iter().map(|g| g.id).collect();
    let market_gap = |id: &str| {
        a.market
            .as_ref()
            .and_then(|m| m.gaps.iter().find(|g| g.id == id).map(|g| (g, m.postings)))
    };
    for g in &a.gaps {
        if shown.contains(g.id.as_str()) || implied.contains(g.id.as_str()) {
            continue;
        }
        let (gained, asked) = market_gap(&g.id).map_or((None, None), |(mg, n)| {
            (
                Some(mg.postings_gained),
                Some(crate::analysis::demand::share(mg.asked, n)),
            )
        });
        let it = item(&g.id, gained, asked);
        if g.importance == Importance::Bonus {
            out.bonus.push(it);
        } else {
            out.rest.push(it);
        }
    }
    // The long tail in the summary's order: most postings gained (with a market), then the most
    // asked for; the role's order (importance, category) breaks ties.
    let key = |g: &GapItem<'_>| {
        (
            std::cmp::Reverse(g.postings_gained.unwrap_or(0)),
            std::cmp::Reverse(
                g.gap
                    .and_then(|x| x.demand)
                    .map_or(0, |d| (d * 1000.0) as u64),
            ),
        )
    };
    out.rest.sort_by_key(key);
    out.bonus.sort_by_key(key);
    out
}

/// Courses listed once per report: the first place a course appears lists it, later ones point
/// back to it.
#[derive(Debug, Default)]
pub(crate) struct Courses {
    first: HashMap<String, usize>,
}

impl Courses {
    /// `None` the first time `url` is seen (list it, under `step`), else the step that listed it.
    pub fn seen(&mut self, url: &str, step: usize) -> Option<usize> {
        match self.first.get(url) {
            Some(&s) => Some(s),
            None => {
                self.first.insert(url.to_string(), step);
                None
            }
        }
    }
}
