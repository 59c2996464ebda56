//! Market fit: a resume measured against every posting of a job market at once.
//!
//! A market is a list of postings reduced to what matters here: each posting's level, month and
//! the skill ids it requires and prefers (with the alternatives it accepts, "Go or Rust"), found by
//! the same posting reader as `analyze --job` ([`super::job`]). The built-in market is
//! `skills/market.tsv`, derived from 2,871 real US backend postings by `scripts/demand.sh`: skill
//! sets only, no posting text, company or id.
//!
//! For each posting the resume gets the match rate `--job` would give it (required skills weigh
//! 2, preferred 1, a requirement whose alternative the resume shows is left out). From those:
//!
//! - `fit`: the mean match rate over the market, 0–100 (the mean, not the median: see [`Fitter::fit`]);
//! - `ready_postings` / `ready_share`: the postings whose rate is at least `ready_at`
//!   ([`DEFAULT_READY_AT`] unless `--ready-at` says otherwise);
//! - for every missing skill, `postings_gained`: how many more postings the resume would be ready
//!   for if it showed that skill too;
//! - `next_skills`: up to [`NEXT_SKILLS`] skills, each the one that opens the most further
//!   postings given the ones before it, never a skill before its prerequisites.
//!
//! Soft skills are left out of every rate: postings state them as boilerplate ("collaborative
//! team", "flexible hours") and resumes rarely name them, so they would drag every fit down by
//! the same amount without telling people apart. They are reported on their own
//! ([`MarketFit::soft_skills`]).
//!
//! Everything per resume is bitset arithmetic over the postings compiled once per run; nothing
//! re-reads postings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::job::{self, Level as Ask};
use super::percent;
use crate::input::{self, Limits};
use crate::matcher::Matcher;
use crate::taxonomy::{Kind, Taxonomy};

/// The readiness threshold: a resume is "ready" for a posting when it meets at least this match
/// rate (0–100). Half of what an ad asks, weighted, is where recruiters' screens typically start
/// to pass a resume on; `--ready-at` changes it.
pub const DEFAULT_READY_AT: f64 = 50.0;

/// How many skills `next_skills` lists at most.
pub const NEXT_SKILLS: usize = 5;

/// Soft skills reported beside the fit: those at least this share of postings name.
const SOFT_REPORT_SHARE: f64 = 0.05;

/// The built-in market (generated; see the module docs).
pub const EMBEDDED: &str = include_str!("../../skills/market.tsv");
/// The name errors give the built-in market.
const EMBEDDED_NAME: &str = "skills/market.tsv";

/// Posting levels, in career order; what job boards print is mapped onto these.
pub const LEVELS: &[&str] = &[
    "internship",
    "entry",
    "associate",
    "mid-senior",
    "director",
    "executive",
    "unspecified",
];

/// The level slug for what a job board prints ("Mid-Senior level", "Entry level", "not
/// applicable"); `None` when it is none of [`LEVELS`].
pub fn level_slug(raw: &str) -> Option<&'static str> {
    let t = raw.trim().to_lowercase();
    let t = t.trim_end_matches(" level").trim();
    let t = t.replace([' ', '_'], "-");
    match t.as_str() {
        "" | "not-applicable" | "n/a" | "none" | "unspecified" | "unknown" => Some("unspecified"),
        "intern" | "internship" => Some("internship"),
        "entry" | "junior" => Some("entry"),
        "associate" => Some("associate"),
        "mid-senior" | "mid" | "senior" | "mid-level" => Some("mid-senior"),
        "director" => Some("director"),
        "executive" => Some("executive"),
        _ => None,
    }
}

/// A market that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    #[error("{}: no such file or folder", path.display())]
    Missing { path: PathBuf },
    #[error("{at}: {message}")]
    Invalid { at: String, message: String },
    #[error("{}: no posting names a skill of the taxonomy (nothing to measure against)", path.display())]
    Empty { path: PathBuf },
}

/// One requirement of a posting, by skill index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Req {
    skill: usize,
    level: Ask,
    /// Skills the posting accepts instead.
    alternatives: Vec<usize>,
}

/// A posting as the market keeps it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    level: &'static str,
    /// `YYYY-MM`, when known.
    month: Option<String>,
    reqs: Vec<Req>,
}

/// Postings reduced to skill sets: the built-in market or one read with `--market`.
#[derive(Debug, Clone)]
pub struct Market {
    /// Where the postings come from, in words.
    pub source: String,
    /// When the data was derived (`YYYY-MM-DD`), when known.
    pub date: Option<String>,
    /// The role the postings are for (the built-in market: backend developer); `None` for a
    /// market the user gave, which is taken to be for whatever role they measure.
    pub role: Option<String>,
    postings: Vec<Posting>,
}

impl Market {
    /// The built-in market, resolved against `tax`. `Ok(None)` when `tax` is not the taxonomy
    /// the data was derived with (a skill id it does not know): a user's own taxonomy then needs
    /// `--market`.
    pub fn embedded(tax: &Taxonomy) -> Result<Option<Market>, MarketError> {
        match Self::from_tsv(EMBEDDED_NAME, EMBEDDED, tax) {
            Ok(m) => Ok(Some(m)),
            Err(MarketError::Invalid { message, .. }) if message.contains("unknown skill id") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Read a market: a `.tsv` file in the format `skillgap market --format tsv` writes (the
    /// built-in one's), or postings — a JSON Lines file with a `description` per line (optional
    /// `job_level`, `date_posted`), a Markdown, text, HTML, PDF or DOCX posting, or a folder of
    /// them — read with the posting reader of `analyze --job`.
    pub fn from_path(
        path: &Path,
        matcher: &Matcher<'_>,
        limits: &Limits,
    ) -> Result<Market, MarketError> {
        if !path.exists() {
            return Err(MarketError::Missing {
                path: path.to_path_buf(),
            });
        }
        let name = path.display().to_string();
        let tax = matcher.taxonomy();
        if path.is_file() && path.extension().is_some_and(|e| e == "tsv") {
            let text = std::fs::read_to_string(path).map_err(|e| MarketError::Invalid {
                at: name.clone(),
                message: e.to_string(),
            })?;
            return Self::from_tsv(&name, &text, tax);
        }
        let items = job::posting_items(path).map_err(|message| MarketError::Invalid {
            at: name.clone(),
            message,
        })?;
        let mut postings = Vec::with_capacity(items.len());
        for item in &items {
            let (doc, meta) = match item {
                job::PostingItem::File(p) => (
                    input::read_path(p, limits).map_err(|e| MarketError::Invalid {
                        at: p.display().to_string(),
                        message: e.to_string(),
                    })?,
                    None,
                ),
                job::PostingItem::Record {
                    source, text, meta, ..
                } => (
                    input::read_bytes(source, Some("md"), text.as_bytes(), limits).map_err(
                        |e| MarketError::Invalid {
                            at: source.clone(),
                            message: e.to_string(),
                        },
                    )?,
                    Some(meta),
                ),
            };
            let level = meta
                .and_then(|m| m.level.as_deref())
                .and_then(level_slug)
                .unwrap_or("unspecified");
            let month = meta
                .and_then(|m| m.date.as_deref())
                .and_then(month_of)
                .map(str::to_string);
            postings.push(Posting::from_job(
                tax,
                &job::requirements(matcher, &doc),
                level,
                month,
            ));
        }
        let market = Market {
            source: format!("{} ({} postings)", name, items.len()),
            date: None,
            role: None,
            postings: postings
                .into_iter()
                .filter(|p| !p.reqs.is_empty())
                .collect(),
        };
        if market.measurable(tax) == 0 {
            return Err(MarketError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(market)
    }

    /// A market from postings already read: (requirements, level slug, month).
    pub fn from_postings(
        tax: &Taxonomy,
        source: &str,
        postings: &[(job::Posting, &'static str, Option<String>)],
    ) -> Market {
        Market {
            source: source.to_string(),
            date: None,
            role: None,
            postings: postings
                .iter()
                .map(|(p, level, month)| Posting::from_job(tax, p, level, month.clone()))
                .filter(|p| !p.reqs.is_empty())
                .collect(),
        }
    }

    /// Parse the `.tsv` form; errors name the file, line and field.
    pub fn from_tsv(name: &str, text: &str, tax: &Taxonomy) -> Result<Market, MarketError> {
        let mut source = None;
        let mut date = None;
        let mut role = None;
        let mut postings = Vec::new();
        let mut header = false;
        for (i, line) in text.lines().enumerate() {
            let at = |field: &str| format!("{name}:{}: field `{field}`", i + 1);
            let invalid = |field: &str, message: String| MarketError::Invalid {
                at: at(field),
                message,
            };
            if let Some(meta) = line.strip_prefix('#') {
                if let Some((k, v)) = meta.trim().split_once(':') {
                    let v = v.trim().to_string();
                    match k.trim() {
                        "source" => source = Some(v),
                        "date" => date = Some(v),
                        "role" => role = Some(v),
                        _ => {}
                    }
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !header {
                if cols != ["level", "month", "required", "preferred"] {
                    return Err(invalid(
                        "-",
                        "expected the header `level\tmonth\trequired\tpreferred`".into(),
                    ));
                }
                header = true;
                continue;
            }
            if cols.len() != 4 {
                return Err(invalid(
                    "-",
                    format!("expected 4 tab-separated columns, found {}", cols.len()),
                ));
            }
            let level = LEVELS
                .iter()
                .copied()
                .find(|l| *l == cols[0])
                .ok_or_else(|| {
                    invalid(
                        "level",
                        format!("unknown level `{}` (known: {})", cols[0], LEVELS.join(", ")),
                    )
                })?;
            let month = match cols[1] {
                "" | "-" => None,
                m if month_of(m) == Some(m) => Some(m.to_string()),
                m => return Err(invalid("month", format!("`{m}` is not YYYY-MM"))),
            };
            let mut reqs = Vec::new();
            for (col, ask, field) in [
                (cols[2], Ask::Required, "required"),
                (cols[3], Ask::Preferred, "preferred"),
            ] {
                for item in col.split(',').filter(|s| !s.is_empty() && *s != "-") {
                    let mut ids = item.split('|').map(|id| {
                        tax.index_of(id)
                            .ok_or_else(|| invalid(field, format!("unknown skill id `{id}`")))
                    });
                    let skill = ids.next().expect("split yields one item")?;
                    let alternatives = ids.collect::<Result<Vec<_>, _>>()?;
                    reqs.push(Req {
                        skill,
                        level: ask,
                        alternatives,
                    });
                }
            }
            postings.push(Posting { level, month, reqs });
        }
        if !header {
            return Err(MarketError::Invalid {
                at: format!("{name}:1"),
                message: "no header line `level\tmonth\trequired\tpreferred`".into(),
            });
        }
        let market = Market {
            source: source.unwrap_or_else(|| name.to_string()),
            date,
            role,
            postings,
        };
        if market.measurable(tax) == 0 {
            return Err(MarketError::Empty {
                path: PathBuf::from(name),
            });
        }
        Ok(market)
    }

    /// The `.tsv` form: metadata comments, a header, one line per posting, sorted (so the file
    /// keeps no trace of the postings' order).
    pub fn to_tsv(&self, tax: &Taxonomy) -> String {
        let mut out = String::new();
        out.push_str(
            "# Job market: the skills real job postings ask for, one posting per line. GENERATED by\n\
             # scripts/demand.sh (examples/demand.rs) with skillgap's own posting reader; do not edit by\n\
             # hand. It holds no posting text, company or id: only each posting's level, month and the\n\
             # skill ids it requires and prefers. `id|alt|…` is a requirement the posting lets other\n\
             # skills stand in for (\"Go or Rust\").\n#\n",
        );
        let _ = writeln!(out, "# source: {}", self.source);
        if let Some(d) = &self.date {
            let _ = writeln!(out, "# date: {d}");
        }
        if let Some(r) = &self.role {
            let _ = writeln!(out, "# role: {r}");
        }
        let _ = writeln!(out, "# postings: {}", self.postings.len());
        out.push_str("level\tmonth\trequired\tpreferred\n");
        let mut lines: Vec<String> = self
            .postings
            .iter()
            .map(|p| {
                let col = |ask: Ask| {
                    let mut items: Vec<String> = p
                        .reqs
                        .iter()
                        .filter(|r| r.level == ask)
                        .map(|r| {
                            let mut s = tax.skills[r.skill].id.clone();
                            for &a in &r.alternatives {
                                s.push('|');
                                s.push_str(&tax.skills[a].id);
                            }
                            s
                        })
                        .collect();
                    items.sort();
                    if items.is_empty() {
                        "-".to_string()
                    } else {
                        items.join(",")
                    }
                };
                format!(
                    "{}\t{}\t{}\t{}",
                    p.level,
                    p.month.as_deref().unwrap_or("-"),
                    col(Ask::Required),
                    col(Ask::Preferred)
                )
            })
            .collect();
        lines.sort();
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out
    }

    /// Postings in the market (each names at least one skill).
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// Postings that name at least one skill that is not a soft skill: the ones a fit is
    /// measured on.
    fn measurable(&self, tax: &Taxonomy) -> usize {
        self.postings
            .iter()
            .filter(|p| {
                p.reqs
                    .iter()
                    .any(|r| tax.skills[r.skill].kind != Kind::Soft)
            })
            .count()
    }

    /// The levels present, in [`LEVELS`] order, with their posting counts.
    pub fn levels(&self) -> Vec<(&'static str, usize)> {
        LEVELS
            .iter()
            .map(|&l| (l, self.postings.iter().filter(|p| p.level == l).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Whether this market is the one to measure `role_id` against.
    pub fn applies_to(&self, role_id: &str) -> bool {
        self.role.as_deref().is_none_or(|r| r == role_id)
    }
}

impl Posting {
    fn from_job(
        tax: &Taxonomy,
        p: &job::Posting,
        level: &'static str,
        month: Option<String>,
    ) -> Posting {
        let mut reqs: Vec<Req> = p
            .requirements
            .iter()
            .filter_map(|r| {
                Some(Req {
                    skill: tax.index_of(&r.id)?,
                    level: r.level,
                    alternatives: r
                        .alternatives
                        .iter()
                        .filter_map(|a| tax.index_of(a))
                        .collect(),
                })
            })
            .collect();
        reqs.sort();
        Posting { level, month, reqs }
    }
}

/// `YYYY-MM` of a date that starts that way (`2025-11-21` → `2025-11`).
fn month_of(date: &str) -> Option<&str> {
    let m = date.get(..7)?;
    let b = m.as_bytes();
    let ok = b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit);
    ok.then_some(m)
}

/// A set of skill indices as bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillSet {
    words: Vec<u64>,
}

impl SkillSet {
    pub fn new(skills: usize) -> Self {
        SkillSet {
            words: vec![0; skills.div_ceil(64).max(1)],
        }
    }

    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// One posting compiled for the arithmetic: required and preferred bits, its total weight, the
/// least matched weight that makes a resume ready, and the requirements with alternatives.
#[derive(Debug, Clone)]
struct Compiled {
    level: usize,
    total: u32,
    /// Least matched weight with `rate ≥ ready_at` at the full total (postings without
    /// alternatives only use this).
    need: u32,
    alts: Vec<(usize, u32, Vec<usize>)>,
    /// The most weight one skill can take out of the total by standing in for requirements.
    max_remove: u32,
}

/// A market prepared for one run: restricted to a level, with a readiness threshold, compiled to
/// bitsets. Build it once; [`Fitter::fit`] is then cheap per resume.
#[derive(Debug, Clone)]
pub struct Fitter<'m> {
    pub market: &'m Market,
    pub level: Option<&'static str>,
    pub ready_at: f64,
    words: usize,
    /// Per posting: `words` required words, then `words` preferred words.
    bits: Vec<u64>,
    postings: Vec<Compiled>,
    /// Levels of the postings kept, in [`LEVELS`] order.
    levels: Vec<&'static str>,
    /// Per skill: postings (kept) that ask for it, required or preferred.
    asked: Vec<u32>,
    soft: Vec<(usize, u32)>,
    /// Per skill: the postings whose rate it can change (asked, or an alternative).
    by_skill: Vec<Vec<u32>>,
    kind_soft: Vec<bool>,
    prereqs: Vec<Vec<usize>>,
    hours: Vec<u32>,
    ids: Vec<String>,
    names: Vec<String>,
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
        tax: &Taxonomy,
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
        let words = n.div_ceil(64).max(1);
        let kind_soft: Vec<bool> = tax.skills.iter().map(|s| s.kind == Kind::Soft).collect();
        let mut soft_counts = vec![0u32; n];
        let mut asked = vec![0u32; n];
        let mut bits = Vec::new();
        let mut postings = Vec::new();
        let mut kept: Vec<&Posting> = market
            .postings
            .iter()
            .filter(|p| level.is_none_or(|l| p.level == l))
            .filter(|p| p.reqs.iter().any(|r| !kind_soft[r.skill]))
            .collect();
        let level_rank = |l: &str| LEVELS.iter().position(|k| *k == l).unwrap_or(LEVELS.len());
        kept.sort_by_key(|p| level_rank(p.level));
        let mut levels: Vec<&'static str> = Vec::new();
        let mut by_skill: Vec<Vec<u32>> = vec![Vec::new(); n];
        for p in kept {
            let index = postings.len() as u32;
            for r in p.reqs.iter().filter(|r| !kind_soft[r.skill]) {
                for s in std::iter::once(r.skill).chain(r.alternatives.iter().copied()) {
                    if by_skill[s].last() != Some(&index) {
                        by_skill[s].push(index);
                    }
                }
            }
            if levels.last() != Some(&p.level) {
                levels.push(p.level);
            }
            let mut req = vec![0u64; words];
            let mut pref = vec![0u64; words];
            let mut total = 0u32;
            let mut alts = Vec::new();
            for r in &p.reqs {
                if kind_soft[r.skill] {
                    soft_counts[r.skill] += 1;
                    continue;
                }
                asked[r.skill] += 1;
                let w = weight(r.level);
                total += w;
                let target = if r.level == Ask::Required {
                    &mut req
                } else {
                    &mut pref
                };
                target[r.skill / 64] |= 1 << (r.skill % 64);
                let a: Vec<usize> = r
                    .alternatives
                    .iter()
                    .copied()
                    .filter(|&a| !kind_soft[a])
                    .collect();
                if !a.is_empty() {
                    alts.push((r.skill, w, a));
                }
            }
            bits.extend_from_slice(&req);
            bits.extend_from_slice(&pref);
            let need = (0..=total)
                .find(|&g| percent(g, total) >= ready_at)
                .unwrap_or(u32::MAX);
            let mut removable: BTreeMap<usize, u32> = BTreeMap::new();
            for (_, w, a) in &alts {
                for &s in a {
                    *removable.entry(s).or_default() += w;
                }
            }
            let max_remove = removable.values().copied().max().unwrap_or(0);
            postings.push(Compiled {
                level: levels.len() - 1,
                total,
                need,
                alts,
                max_remove,
            });
        }
        let mut soft: Vec<(usize, u32)> = soft_counts
            .into_iter()
            .enumerate()
            .filter(|&(_, c)| c > 0)
            .collect();
        soft.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), i));
        Ok(Fitter {
            market,
            level,
            ready_at,
            words,
            bits,
            postings,
            levels,
            asked,
            soft,
            by_skill,
            kind_soft,
            prereqs: tax
                .skills
                .iter()
                .map(|s| s.prerequisite_index.clone())
                .collect(),
            hours: tax.skills.iter().map(|s| s.hours).collect(),
            ids: tax.skills.iter().map(|s| s.id.clone()).collect(),
            names: tax.skills.iter().map(|s| s.name.clone()).collect(),
        })
    }

    /// Postings the fit is measured on.
    pub fn postings(&self) -> usize {
        self.postings.len()
    }

    /// Matched and total weight of posting `p` for a resume showing `shown` (and `extra`).
    fn weights(&self, p: usize, shown: &SkillSet, extra: Option<usize>) -> (u32, u32) {
        let w = self.words;
        let base = p * 2 * w;
        let (req, pref) = (
            &self.bits[base..base + w],
            &self.bits[base + w..base + 2 * w],
        );
        let mut got = 0u32;
        for k in 0..w {
            got += 2 * (req[k] & shown.words[k]).count_ones()
                + (pref[k] & shown.words[k]).count_ones();
        }
        let c = &self.postings[p];
        let mut total = c.total;
        let has = |i: usize| shown.contains(i) || extra == Some(i);
        if let Some(e) = extra {
            if req[e / 64] & (1 << (e % 64)) != 0 && !shown.contains(e) {
                got += 2;
            } else if pref[e / 64] & (1 << (e % 64)) != 0 && !shown.contains(e) {
                got += 1;
            }
        }
        for (skill, weight, alts) in &c.alts {
            if !has(*skill) && alts.iter().any(|&a| has(a)) {
                total -= weight;
            }
        }
        (got, total)
    }

    /// Whether matched weight `got` of `total` makes posting `p` ready.
    fn is_ready(&self, p: usize, (got, total): (u32, u32)) -> bool {
        if total == self.postings[p].total {
            got >= self.postings[p].need
        } else {
            percent(got, total) >= self.ready_at
        }
    }

    /// For every skill, how many more postings `shown` would be ready for with it, given which
    /// postings are ready now: the sum of every posting's [`Fitter::flips`].
    fn gains(&self, shown: &SkillSet, state: &[(u32, u32)], ready: &[bool]) -> Vec<u32> {
        let mut gained = vec![0u32; self.ids.len()];
        for p in 0..self.postings.len() {
            self.flips(p, shown, state[p], ready[p], |i| gained[i] += 1);
        }
        gained
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
        if ready {
            return;
        }
        let c = &self.postings[p];
        let w = self.words;
        let base = p * 2 * w;
        if c.alts.is_empty() {
            let lack = c.need.saturating_sub(got);
            if lack > 2 {
                return;
            }
            for k in 0..w {
                let req = self.bits[base + k] & !shown.words[k];
                let pref = self.bits[base + w + k] & !shown.words[k];
                let flips = if lack <= 1 { req | pref } else { req };
                each_bit(flips, k, &mut f);
            }
            return;
        }
        // One skill adds at most 2 to the matched weight and takes out of the total at most the
        // requirements it can stand in for: skip postings even that cannot make ready.
        if total > c.max_remove && percent(got + 2, total - c.max_remove) < self.ready_at {
            return;
        }
        let mut candidates = Vec::new();
        for k in 0..w {
            let m = (self.bits[base + k] | self.bits[base + w + k]) & !shown.words[k];
            each_bit(m, k, |i| candidates.push(i));
        }
        for (_, _, alts) in &c.alts {
            candidates.extend(alts.iter().copied().filter(|&a| !shown.contains(a)));
        }
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            if self.is_ready(p, self.weights(p, shown, Some(i))) {
                f(i);
            }
        }
    }

    /// Mean of match rates, one decimal (0 for none). The mean, not the median: over half of
    /// real resumes meet nothing at all of most postings, so their median is 0 whatever they
    /// show (measured on the LiveCareer and dotin resumes), while the mean still tells them apart.
    fn mean(rates: &[f64]) -> f64 {
        if rates.is_empty() {
            return 0.0;
        }
        let sum: f64 = rates.iter().sum();
        (sum / rates.len() as f64 * 10.0).round() / 10.0
    }

    /// The market fit of a resume that shows the skills `found` (indices into the taxonomy).
    pub fn fit(&self, found: &[usize]) -> MarketFit {
        let n = self.postings.len();
        let mut shown = SkillSet::new(self.ids.len());
        for &i in found {
            shown.insert(i);
        }
        let mut state: Vec<(u32, u32)> = (0..n).map(|p| self.weights(p, &shown, None)).collect();
        let rates: Vec<f64> = state.iter().map(|&(g, t)| percent(g, t)).collect();
        let mut ready: Vec<bool> = (0..n).map(|p| self.is_ready(p, state[p])).collect();
        let ready_now = ready.iter().filter(|&&r| r).count();
        let share = |k: usize| share_of(k, n);

        // Per level (postings are grouped by level).
        let mut levels = Vec::new();
        let mut start = 0;
        while start < n {
            let l = self.postings[start].level;
            let end = (start..n)
                .find(|&p| self.postings[p].level != l)
                .unwrap_or(n);
            let k = ready[start..end].iter().filter(|&&r| r).count();
            levels.push(LevelFit {
                level: self.levels[l].to_string(),
                postings: end - start,
                fit: Self::mean(&rates[start..end]),
                ready_postings: k,
                ready_share: share_of(k, end - start),
            });
            start = end;
        }
        let fit = Self::mean(&rates);

        let first = self.gains(&shown, &state, &ready);
        let mut gaps: Vec<MarketGap> = (0..self.ids.len())
            .filter(|&i| !shown.contains(i) && !self.kind_soft[i] && self.asked[i] > 0)
            .map(|i| MarketGap {
                id: self.ids[i].clone(),
                postings_gained: first[i] as usize,
                asked: self.asked[i] as usize,
            })
            .collect();
        gaps.sort_by(|a, b| {
            b.postings_gained
                .cmp(&a.postings_gained)
                .then_with(|| a.id.cmp(&b.id))
        });

        // Greedy: the skill that opens the most further postings, prerequisites first.
        let mut next_skills = Vec::new();
        let mut gains = first;
        let mut total_ready = ready_now;
        let mut known = self.known(&shown);
        for _ in 0..NEXT_SKILLS {
            let best = (0..self.ids.len())
                .filter(|&i| !shown.contains(i) && !self.kind_soft[i] && gains[i] > 0)
                .filter(|&i| self.prereqs[i].iter().all(|&p| known.contains(p)))
                .max_by(|&a, &b| {
                    gains[a]
                        .cmp(&gains[b])
                        .then_with(|| self.hours[b].cmp(&self.hours[a]))
                        .then_with(|| self.ids[b].cmp(&self.ids[a]))
                });
            let Some(s) = best else { break };
            let gained = gains[s];
            // Only the postings that ask for `s` (or take it instead) change: take their old
            // contribution out of the gains and put the new one in.
            for &p in &self.by_skill[s] {
                let p = p as usize;
                self.flips(p, &shown, state[p], ready[p], |i| gains[i] -= 1);
            }
            shown.insert(s);
            total_ready += gained as usize;
            next_skills.push(NextSkill {
                id: self.ids[s].clone(),
                name: self.names[s].clone(),
                postings_gained: gained as usize,
                ready_share_after: share(total_ready),
                hours: self.hours[s],
            });
            for &p in &self.by_skill[s] {
                let p = p as usize;
                state[p] = self.weights(p, &shown, None);
                ready[p] = self.is_ready(p, state[p]);
                self.flips(p, &shown, state[p], ready[p], |i| gains[i] += 1);
            }
            if next_skills.len() < NEXT_SKILLS {
                known = self.known(&shown);
            }
        }

        let soft_skills = self
            .soft
            .iter()
            .filter(|&&(_, c)| share(c as usize) >= SOFT_REPORT_SHARE)
            .map(|&(i, c)| SoftAsk {
                id: self.ids[i].clone(),
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
        let mut stack: Vec<usize> = (0..self.ids.len()).filter(|&i| shown.contains(i)).collect();
        while let Some(i) = stack.pop() {
            for &p in &self.prereqs[i] {
                if !known.contains(p) {
                    known.insert(p);
                    stack.push(p);
                }
            }
        }
        known
    }

    /// The market itself, for `skillgap market`: most asked-for skills, required vs preferred,
    /// per level, and what goes together.
    pub fn overview(&self, tax: &Taxonomy, top: usize) -> MarketOverview {
        let n = self.postings.len();
        let w = self.words;
        let nskills = self.ids.len();
        let mut req = vec![0usize; nskills];
        let mut pref = vec![0usize; nskills];
        let mut per_level: Vec<Vec<usize>> = vec![vec![0; nskills]; self.levels.len()];
        let mut posting_skills: Vec<Vec<usize>> = Vec::with_capacity(n);
        for (p, c) in self.postings.iter().enumerate() {
            let base = p * 2 * w;
            let mut skills = Vec::new();
            for k in 0..w {
                each_bit(self.bits[base + k], k, |i| {
                    req[i] += 1;
                    skills.push(i);
                });
                each_bit(self.bits[base + w + k], k, |i| {
                    pref[i] += 1;
                    skills.push(i);
                });
            }
            for &i in &skills {
                per_level[c.level][i] += 1;
            }
            skills.sort_unstable();
            posting_skills.push(skills);
        }
        let ranked = |counts: &dyn Fn(usize) -> usize, total: usize| -> Vec<SkillAsk> {
            let mut v: Vec<(usize, usize)> = (0..nskills)
                .map(|i| (i, counts(i)))
                .filter(|&(_, c)| c > 0)
                .collect();
            v.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), self.ids[i].clone()));
            v.truncate(top);
            v.into_iter()
                .map(|(i, c)| SkillAsk {
                    id: self.ids[i].clone(),
                    name: self.names[i].clone(),
                    required: req[i],
                    preferred: pref[i],
                    share: share_of(c, total),
                })
                .collect()
        };
        let skills = ranked(&|i| req[i] + pref[i], n);
        let levels = self
            .levels
            .iter()
            .enumerate()
            .map(|(l, name)| {
                let count = self.postings.iter().filter(|c| c.level == l).count();
                let mut top_skills: Vec<(usize, usize)> = (0..nskills)
                    .map(|i| (i, per_level[l][i]))
                    .filter(|&(_, c)| c > 0)
                    .collect();
                top_skills.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), self.ids[i].clone()));
                top_skills.truncate(top.min(10));
                LevelOverview {
                    level: (*name).to_string(),
                    postings: count,
                    top: top_skills
                        .into_iter()
                        .map(|(i, c)| LevelSkill {
                            id: self.ids[i].clone(),
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
                v.sort_by_key(|&(j, c)| (std::cmp::Reverse(c), self.ids[j].clone()));
                v.truncate(5);
                Together {
                    id: s.id.clone(),
                    postings: with.len(),
                    also: v
                        .into_iter()
                        .map(|(j, c)| LevelSkill {
                            id: self.ids[j].clone(),
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
                id: self.ids[i].clone(),
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

fn weight(level: Ask) -> u32 {
    match level {
        Ask::Required => job::REQUIRED_WEIGHT,
        Ask::Preferred => job::PREFERRED_WEIGHT,
    }
}

/// Call `f` with the skill index of every set bit of word `k`.
fn each_bit(mut word: u64, k: usize, mut f: impl FnMut(usize)) {
    while word != 0 {
        let b = word.trailing_zeros() as usize;
        f(k * 64 + b);
        word &= word - 1;
    }
}

/// `count / total` with three decimals (0 when there are none).
fn share_of(count: usize, total: usize) -> f64 {
    super::demand::share(count, total)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tax() -> Taxonomy {
        Taxonomy::embedded().unwrap()
    }

    fn market(tax: &Taxonomy, lines: &str) -> Market {
        Market::from_tsv(
            "m.tsv",
            &format!("# source: test\nlevel\tmonth\trequired\tpreferred\n{lines}"),
            tax,
        )
        .unwrap()
    }

    fn idx(tax: &Taxonomy, ids: &[&str]) -> Vec<usize> {
        ids.iter().map(|i| tax.index_of(i).unwrap()).collect()
    }

    #[test]
    fn the_embedded_market_reads_against_the_embedded_taxonomy() {
        let t = tax();
        let m = Market::embedded(&t).unwrap().expect("ids known");
        assert!(m.len() > 1000, "{}", m.len());
        assert_eq!(m.role.as_deref(), Some("backend-developer"));
    }

    #[test]
    fn rates_follow_the_job_definition() {
        let t = tax();
        // python required (2), docker preferred (1), go-or-rust required.
        let m = market(&t, "entry\t2025-11\tpython,go|rust\tdocker\n");
        let f = Fitter::new(&t, &m, None, 50.0).unwrap();
        // python only: 2 of 5 = 40.
        let r = f.fit(&idx(&t, &["python"]));
        assert_eq!(r.fit, 40.0);
        assert_eq!(r.ready_postings, 0);
        // python + rust: go is left out (its alternative is shown) → 2 of 3 = 66.7.
        let r = f.fit(&idx(&t, &["python", "rust"]));
        assert_eq!(r.fit, 66.7);
        assert_eq!(r.ready_postings, 1);
    }

    #[test]
    fn gains_count_exactly_the_postings_one_skill_opens() {
        let t = tax();
        let m = market(
            &t,
            "entry\t-\tpython,docker\t-\nentry\t-\tpython,kubernetes,docker,aws\t-\nmid-senior\t-\tjava\t-\n",
        );
        let f = Fitter::new(&t, &m, None, 50.0).unwrap();
        let r = f.fit(&idx(&t, &["python"]));
        // Ready for the first (2 of 4 = 50); docker opens the second (4 of 8 = 50).
        assert_eq!(r.ready_postings, 1);
        let docker = r.gap("docker").unwrap();
        assert_eq!(docker.postings_gained, 1);
        assert_eq!(r.gap("java").unwrap().postings_gained, 1);
        assert_eq!(r.gap("kubernetes").unwrap().postings_gained, 1);
        // Kubernetes needs Docker first: docker leads (tie broken by prerequisites).
        let ids: Vec<&str> = r.next_skills.iter().map(|s| s.id.as_str()).collect();
        assert!(
            ids.iter().position(|&i| i == "docker")
                < ids
                    .iter()
                    .position(|&i| i == "kubernetes")
                    .or(Some(usize::MAX))
        );
        assert_eq!(r.levels.len(), 2);
        assert_eq!(r.levels[0].level, "entry");
    }

    #[test]
    fn soft_skills_stay_out_of_the_fit() {
        let t = tax();
        let m = market(&t, "entry\t-\tpython,communication\t-\n");
        let f = Fitter::new(&t, &m, None, 50.0).unwrap();
        let r = f.fit(&idx(&t, &["python"]));
        assert_eq!(r.fit, 100.0);
        assert_eq!(r.soft_skills[0].id, "communication");
        assert!(!r.soft_skills[0].shown);
    }

    #[test]
    fn broken_lines_name_file_line_and_field() {
        let t = tax();
        let e = Market::from_tsv(
            "my.tsv",
            "level\tmonth\trequired\tpreferred\nentry\t-\tpython,nosuch\t-\n",
            &t,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "my.tsv:2: field `required`: unknown skill id `nosuch`");
        let e = Market::from_tsv(
            "my.tsv",
            "level\tmonth\trequired\tpreferred\nboss\t-\tpython\t-\n",
            &t,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("my.tsv:2: field `level`: unknown level `boss`"),
            "{e}"
        );
        let e = Market::from_tsv("my.tsv", "entry\t-\tpython\t-\n", &t)
            .unwrap_err()
            .to_string();
        assert!(e.contains("my.tsv:1"), "{e}");
    }

    #[test]
    fn levels_are_read_in_job_board_spellings() {
        assert_eq!(level_slug("Mid-Senior level"), Some("mid-senior"));
        assert_eq!(level_slug("entry level"), Some("entry"));
        assert_eq!(level_slug("not applicable"), Some("unspecified"));
        assert_eq!(level_slug("wizard"), None);
    }

    #[test]
    fn tsv_round_trips() {
        let t = tax();
        let m = market(&t, "entry\t2025-11\tgo|rust,python\tdocker\n");
        let text = m.to_tsv(&t);
        let again = Market::from_tsv("x.tsv", &text, &t).unwrap();
        assert_eq!(again.to_tsv(&t), text);
        assert!(
            text.contains("entry\t2025-11\tgo|rust,python\tdocker\n"),
            "{text}"
        );
    }
}
