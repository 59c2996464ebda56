//! A market compiled for the fit: every posting's asks as small integers, the postings each skill
//! can change, and what makes each posting ready. [`super::Fitter`] does the per-resume arithmetic
//! on these.
//!
//! std only: `build.rs` includes this file (with `data.rs`) by path and compiles the built-in
//! market once, at build time, into the form [`encode`] writes; a start that measures against it
//! at the default threshold copies the arrays instead of compiling 37,000 requirements again.
//! [`decode`] refuses a form made with other skill ids, weights, threshold or level, so the
//! binary then compiles at start and is never wrong, only slower.

use super::data::{put_ids, Postings, Reader, ReqRef, LEVELS};

/// `part / whole` as a percentage with one decimal.
pub fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0
}

/// The weights of a required and a preferred ask in a match rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub required: u32,
    pub preferred: u32,
}

/// Note that posting `index` asks for skill `s` with weight `w` (0: takes it instead of another)
/// in `s`'s list of postings, `entries[start..*end]`: once per posting, with the larger weight.
fn touch(entries: &mut [(u32, u8)], start: u32, end: &mut u32, index: u32, w: u32) {
    if *end > start {
        let (p, weight) = &mut entries[*end as usize - 1];
        if *p == index {
            *weight = (*weight).max(w as u8);
            return;
        }
    }
    entries[*end as usize] = (index, w as u8);
    *end += 1;
}

/// One posting compiled for the arithmetic: the skills it asks for with their weights (a slice of
/// [`Compiled::asks`]), its total weight, the least matched weight that makes a resume ready, and the
/// requirements other skills can stand in for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub level: usize,
    /// `asks[start..end]`: (skill, weight), each skill once, ascending.
    pub start: u32,
    pub end: u32,
    pub total: u32,
    /// Least matched weight with `rate ≥ ready_at` at the full total (postings without
    /// alternatives only use this).
    pub need: u32,
    /// The requirements with alternatives: `Compiled::alt_reqs[alt_start..alt_end]`.
    pub alt_start: u32,
    pub alt_end: u32,
    /// With alternatives: `candidates[cand_start..cand_end]`, every skill that can change the
    /// posting's rate (asked, or an alternative), ascending, with the weight it adds and the
    /// most weight it can take out of the total.
    pub cand_start: u32,
    pub cand_end: u32,
    /// The most weight one skill can take out of the total by standing in for requirements.
    pub max_remove: u32,
}

/// A market compiled for the fit (see the module comment).
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// Every posting's (skill, weight) asks, back to back.
    pub asks: Vec<(u16, u8)>,
    /// The candidates of the postings with alternatives, back to back: (skill, weight added,
    /// weight it can remove).
    pub candidates: Vec<(u16, u8, u16)>,
    /// The requirements other skills can stand in for, of every posting, back to back:
    /// (skill, weight, `alt_skills[from..to]`: the skills that can).
    pub alt_reqs: Vec<(u16, u8, u32, u32)>,
    pub alt_skills: Vec<u16>,
    pub postings: Vec<Posting>,
    /// Levels of the postings kept, in [`LEVELS`] order.
    pub levels: Vec<&'static str>,
    /// Per skill: postings (kept) that ask for it, required or preferred.
    pub asked: Vec<u32>,
    /// Per skill: postings (kept) that ask for it when it is a soft skill.
    pub soft_counts: Vec<u32>,
    /// Per skill: the postings whose rate it can change (asked, or an alternative), ascending,
    /// with the weight it adds to their matched weight (0 for an alternative only):
    /// `by_skill[range.0..range.1]` for skill `i`'s `by_skill_ranges[i]`, all in one vector.
    pub by_skill: Vec<(u32, u8)>,
    pub by_skill_ranges: Vec<(u32, u32)>,
}

/// Compile `market` for skills whose kinds `kind_soft` gives (soft skills count apart), the
/// postings of `level` (all when `None`), a posting being ready at a rate of `ready_at`.
pub fn compile(
    market: &Postings,
    kind_soft: &[bool],
    level: Option<&str>,
    ready_at: f64,
    weights: Weights,
) -> Compiled {
    let n = kind_soft.len();
    let mut soft_counts = vec![0u32; n];
    let mut asked = vec![0u32; n];
    let mut asks: Vec<(u16, u8)> = Vec::new();
    let mut candidates: Vec<(u16, u8, u16)> = Vec::new();
    let mut alt_reqs: Vec<(u16, u8, u32, u32)> = Vec::new();
    let mut alt_skills: Vec<u16> = Vec::new();
    let mut postings = Vec::new();
    // Grouped by level in career order, in market order within a level: the order is
    // found once, then walked twice (sizes, then the lists).
    let order: Vec<u32> = {
        let mut by_level: Vec<Vec<u32>> = vec![Vec::new(); LEVELS.len()];
        for (i, p) in market.iter().enumerate() {
            let l = LEVELS.iter().position(|&l| l == p.level);
            if let Some(l) = l.filter(|&l| level.is_none_or(|k| k == LEVELS[l])) {
                if p.reqs().any(|r| !kind_soft[r.skill]) {
                    by_level[l].push(i as u32);
                }
            }
        }
        by_level.concat()
    };
    let kept = || order.iter().map(|&i| market.get(i as usize));
    let mut levels: Vec<&'static str> = Vec::new();
    // One vector for every skill's list (~41,000 entries for the built-in market), each list
    // sized first: grown one by one they were a thousand reallocations at every start.
    let (mut by_skill, mut by_skill_ranges) = {
        let mut sizes = vec![0u32; n];
        for p in kept() {
            for r in p.reqs() {
                sizes[r.skill] += 1;
                for &a in r.alternatives {
                    sizes[a] += 1;
                }
            }
        }
        let mut at = 0u32;
        let ranges: Vec<(u32, u32)> = sizes
            .iter()
            .map(|&k| {
                at += k;
                (at - k, at - k)
            })
            .collect();
        (vec![(0u32, 0u8); at as usize], ranges)
    };
    let mut seen: Vec<usize> = Vec::new();
    let mut sorted: Vec<ReqRef<'_>> = Vec::new();
    for p in kept() {
        let index = postings.len() as u32;
        if levels.last() != Some(&p.level) {
            levels.push(p.level);
        }
        let start = asks.len() as u32;
        let mut total = 0u32;
        let alt_start = alt_reqs.len() as u32;
        let mut max_remove = 0;
        // By skill, required first: a skill a posting names twice counts once, as required.
        // Every market is stored in this order; another is sorted here.
        let in_order = p.reqs().is_sorted_by_key(|r| (r.skill, r.preferred));
        if !in_order {
            sorted.clear();
            sorted.extend(p.reqs());
            sorted.sort_by_key(|r| (r.skill, r.preferred));
        }
        let direct = in_order.then(|| p.reqs());
        let buffered = (!in_order).then(|| sorted.iter().copied());
        let mut previous = None;
        for r in direct
            .into_iter()
            .flatten()
            .chain(buffered.into_iter().flatten())
        {
            if previous.replace(r.skill) == Some(r.skill) {
                continue;
            }
            if kind_soft[r.skill] {
                soft_counts[r.skill] += 1;
                continue;
            }
            let w = if r.preferred {
                weights.preferred
            } else {
                weights.required
            };
            asked[r.skill] += 1;
            total += w;
            asks.push((r.skill as u16, w as u8));
            let (from, to) = &mut by_skill_ranges[r.skill];
            touch(&mut by_skill, *from, to, index, w);
            for &s in r.alternatives {
                let (from, to) = &mut by_skill_ranges[s];
                touch(&mut by_skill, *from, to, index, 0);
            }
            let from = alt_skills.len() as u32;
            alt_skills.extend(
                r.alternatives
                    .iter()
                    .filter(|&&a| !kind_soft[a])
                    .map(|&a| a as u16),
            );
            if alt_skills.len() as u32 > from {
                alt_reqs.push((r.skill as u16, w as u8, from, alt_skills.len() as u32));
            }
        }
        let cand_start = candidates.len() as u32;
        let alts = &alt_reqs[alt_start as usize..];
        if !alts.is_empty() {
            seen.extend(asks[start as usize..].iter().map(|&(s, _)| usize::from(s)));
            for &(_, _, from, to) in alts {
                seen.extend(
                    alt_skills[from as usize..to as usize]
                        .iter()
                        .map(|&a| usize::from(a)),
                );
            }
            seen.sort_unstable();
            seen.dedup();
            // Ascending by skill, each skill once.
            let mut asked_here = asks[start as usize..].iter().peekable();
            for &s in &seen {
                // Both ascending: walk them together.
                while asked_here.next_if(|&&(a, _)| usize::from(a) < s).is_some() {}
                let w = asked_here
                    .next_if(|&&(a, _)| usize::from(a) == s)
                    .map_or(0, |&(_, w)| w);
                // The requirements `s` can stand in for.
                let removes: u32 = alts
                    .iter()
                    .filter(|&&(_, _, from, to)| {
                        alt_skills[from as usize..to as usize].contains(&(s as u16))
                    })
                    .map(|&(_, w, _, _)| u32::from(w))
                    .sum();
                max_remove = max_remove.max(removes);
                candidates.push((s as u16, w, removes as u16));
            }
        }
        seen.clear();
        // The least weight whose rate reaches `ready_at`. Rates are rounded to one decimal,
        // so every weight below (ready_at - 0.1)% of the total falls short: start there.
        let below = ((ready_at - 0.1) / 100.0 * f64::from(total)).floor() as u32;
        let need = (below.saturating_sub(1).min(total)..=total)
            .find(|&g| percent(g, total) >= ready_at)
            .unwrap_or(u32::MAX);
        postings.push(Posting {
            level: levels.len() - 1,
            start,
            end: asks.len() as u32,
            total,
            need,
            alt_start,
            alt_end: alt_reqs.len() as u32,
            cand_start,
            cand_end: candidates.len() as u32,
            max_remove,
        });
    }
    Compiled {
        asks,
        candidates,
        alt_reqs,
        alt_skills,
        postings,
        levels,
        asked,
        soft_counts,
        by_skill,
        by_skill_ranges,
    }
}

/// The first bytes of the encoded form.
const MAGIC: &[u8; 4] = b"SGF2";

/// What a compiled market was made for: decoding checks every part of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Made<'a> {
    /// The skill ids the indices refer to, in order.
    pub ids: &'a [&'a str],
    pub weights: Weights,
    pub ready_at: f64,
    pub level: Option<&'a str>,
}

fn level_byte(level: Option<&str>) -> u8 {
    level
        .and_then(|l| LEVELS.iter().position(|k| *k == l))
        .map_or(u8::MAX, |i| i as u8)
}

/// The compiled market as bytes, with what it was made for (see [`decode`]).
#[cfg_attr(not(test), allow(dead_code))] // build.rs and the tests encode; the binary decodes
pub fn encode(c: &Compiled, made: &Made<'_>) -> Vec<u8> {
    fn rows<T>(out: &mut Vec<u8>, items: &[T], mut put: impl FnMut(&mut Vec<u8>, &T)) {
        out.extend_from_slice(&(items.len() as u32).to_le_bytes());
        for item in items {
            put(out, item);
        }
    }
    let mut out = MAGIC.to_vec();
    put_ids(&mut out, made.ids);
    out.extend_from_slice(&made.weights.required.to_le_bytes());
    out.extend_from_slice(&made.weights.preferred.to_le_bytes());
    out.extend_from_slice(&made.ready_at.to_bits().to_le_bytes());
    out.push(level_byte(made.level));
    rows(&mut out, &c.asks, |o, &(s, w)| {
        o.extend_from_slice(&s.to_le_bytes());
        o.push(w);
    });
    rows(&mut out, &c.candidates, |o, &(s, w, r)| {
        o.extend_from_slice(&s.to_le_bytes());
        o.push(w);
        o.extend_from_slice(&r.to_le_bytes());
    });
    rows(&mut out, &c.alt_reqs, |o, &(s, w, from, to)| {
        o.extend_from_slice(&s.to_le_bytes());
        o.push(w);
        o.extend_from_slice(&from.to_le_bytes());
        o.extend_from_slice(&to.to_le_bytes());
    });
    rows(&mut out, &c.alt_skills, |o, s| {
        o.extend_from_slice(&s.to_le_bytes())
    });
    rows(&mut out, &c.postings, |o, p| {
        o.push(p.level as u8);
        for v in [
            p.start,
            p.end,
            p.total,
            p.need,
            p.alt_start,
            p.alt_end,
            p.cand_start,
            p.cand_end,
            p.max_remove,
        ] {
            o.extend_from_slice(&v.to_le_bytes());
        }
    });
    rows(&mut out, &c.levels, |o, l| o.push(level_byte(Some(l))));
    rows(&mut out, &c.asked, |o, v| {
        o.extend_from_slice(&v.to_le_bytes())
    });
    rows(&mut out, &c.soft_counts, |o, v| {
        o.extend_from_slice(&v.to_le_bytes())
    });
    rows(&mut out, &c.by_skill, |o, &(p, w)| {
        o.extend_from_slice(&p.to_le_bytes());
        o.push(w);
    });
    rows(&mut out, &c.by_skill_ranges, |o, &(from, to)| {
        o.extend_from_slice(&from.to_le_bytes());
        o.extend_from_slice(&to.to_le_bytes());
    });
    out
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// The compiled market `bytes` hold, if they were made for exactly `made`; `None` otherwise (or
/// when they are damaged), and the caller compiles instead.
pub fn decode(bytes: &[u8], made: &Made<'_>) -> Option<Compiled> {
    let mut r = Reader::new(bytes);
    if r.take(4)? != MAGIC || !r.same_ids(made.ids.iter().copied())? {
        return None;
    }
    let weights = Weights {
        required: r.u32()?,
        preferred: r.u32()?,
    };
    let ready_at = f64::from_bits(u64::from_le_bytes(r.take(8)?.try_into().ok()?));
    if weights != made.weights
        || ready_at.to_bits() != made.ready_at.to_bits()
        || r.take(1)?[0] != level_byte(made.level)
    {
        return None;
    }
    let level_of = |b: u8| LEVELS.get(usize::from(b)).copied();
    let c = Compiled {
        asks: r.rows(|b: &[u8; 3]| Some((u16_at(b, 0), b[2])))?,
        candidates: r.rows(|b: &[u8; 5]| Some((u16_at(b, 0), b[2], u16_at(b, 3))))?,
        alt_reqs: r.rows(|b: &[u8; 11]| Some((u16_at(b, 0), b[2], u32_at(b, 3), u32_at(b, 7))))?,
        alt_skills: r.rows(|b: &[u8; 2]| Some(u16_at(b, 0)))?,
        postings: r.rows(|b: &[u8; 37]| {
            Some(Posting {
                level: usize::from(b[0]),
                start: u32_at(b, 1),
                end: u32_at(b, 5),
                total: u32_at(b, 9),
                need: u32_at(b, 13),
                alt_start: u32_at(b, 17),
                alt_end: u32_at(b, 21),
                cand_start: u32_at(b, 25),
                cand_end: u32_at(b, 29),
                max_remove: u32_at(b, 33),
            })
        })?,
        levels: r.rows(|b: &[u8; 1]| level_of(b[0]))?,
        asked: r.rows(|b: &[u8; 4]| Some(u32_at(b, 0)))?,
        soft_counts: r.rows(|b: &[u8; 4]| Some(u32_at(b, 0)))?,
        by_skill: r.rows(|b: &[u8; 5]| Some((u32_at(b, 0), b[4])))?,
        by_skill_ranges: r.rows(|b: &[u8; 8]| Some((u32_at(b, 0), u32_at(b, 4))))?,
    };
    (r.at_end() && c.is_consistent(made.ids.len())).then_some(c)
}

impl Compiled {
    /// Every index in range, so the arithmetic cannot go out of bounds on a damaged form.
    fn is_consistent(&self, skills: usize) -> bool {
        let asks = self.asks.len() as u32;
        let alts = self.alt_reqs.len() as u32;
        let cands = self.candidates.len() as u32;
        let postings = self.postings.len() as u32;
        self.asked.len() == skills
            && self.soft_counts.len() == skills
            && self.by_skill_ranges.len() == skills
            && self.asks.iter().all(|&(s, _)| usize::from(s) < skills)
            && self
                .candidates
                .iter()
                .all(|&(s, _, _)| usize::from(s) < skills)
            && self.alt_skills.iter().all(|&s| usize::from(s) < skills)
            && self.alt_reqs.iter().all(|&(s, _, from, to)| {
                usize::from(s) < skills && from <= to && to as usize <= self.alt_skills.len()
            })
            && self.postings.iter().all(|p| {
                p.level < self.levels.len()
                    && p.start <= p.end
                    && p.end <= asks
                    && p.alt_start <= p.alt_end
                    && p.alt_end <= alts
                    && p.cand_start <= p.cand_end
                    && p.cand_end <= cands
            })
            && self.by_skill.iter().all(|&(p, _)| p < postings)
            && self
                .by_skill_ranges
                .iter()
                .all(|&(from, to)| from <= to && to as usize <= self.by_skill.len())
    }
}
