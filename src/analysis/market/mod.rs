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

pub(crate) mod compile;
mod data;
mod fitter;
mod overview;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use data::LEVELS;
use data::{Data, Posting, Postings, Req};
pub use fitter::{Fitter, LevelFit, MarketFit, MarketGap, NextSkill, SoftAsk, UnknownLevel};
pub use overview::{LevelOverview, LevelSkill, MarketOverview, SkillAsk, Together};

use super::job::{self, Level as Ask};
use crate::input::{self, Limits};
use crate::matcher::Matcher;
use crate::taxonomy::{Kind, Taxonomy};

/// The readiness threshold: a resume is "ready" for a posting when it meets at least this match
/// rate (0–100). Half of what an ad asks, weighted, is where recruiters' screens typically start
/// to pass a resume on; `--ready-at` changes it.
pub const DEFAULT_READY_AT: f64 = 50.0;

/// How many skills `next_skills` lists at most.
pub const NEXT_SKILLS: usize = 5;

/// The built-in market (generated; see the module docs).
pub const EMBEDDED: &str = include_str!("../../../skills/market.tsv");
/// The same compiled by `build.rs` against the built-in taxonomy ([`data::encode`]).
const EMBEDDED_COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/market.bin"));
/// The same compiled for the fit by `build.rs` ([`compile::encode`]), at the default level and
/// threshold.
const EMBEDDED_FITTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fitter.bin"));
/// The name errors give the built-in market.
const EMBEDDED_NAME: &str = "skills/market.tsv";

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
    /// The postings: decoded on first use from `packed` for the built-in market (an `analyze` at
    /// the defaults needs only `compiled`), set at once for any other.
    postings: OnceLock<Postings>,
    /// The built-in market's postings in compact form, with the number of skills they refer to.
    packed: Option<(&'static [u8], usize)>,
    /// The postings compiled for the fit ahead of time (the built-in market's, by build.rs).
    compiled: Option<&'static [u8]>,
}

impl Market {
    /// The built-in market, resolved against `tax`. `Ok(None)` when `tax` is not the taxonomy
    /// the data was derived with (a skill id it does not know): a user's own taxonomy then needs
    /// `--market`. With the built-in taxonomy this reads the form `build.rs` compiled; any other
    /// reads the `.tsv`.
    pub fn embedded(tax: &Taxonomy) -> Result<Option<Market>, MarketError> {
        let ids = tax.skills.iter().map(|s| s.id.as_str());
        if let Some((head, packed)) = data::decode_head(EMBEDDED_COMPILED, ids) {
            let mut market = Market::from_data(EMBEDDED_NAME, head.data);
            market.postings = OnceLock::new();
            market.packed = Some((packed, head.skills));
            market.compiled = Some(EMBEDDED_FITTER);
            return Ok(Some(market));
        }
        match Self::from_tsv(EMBEDDED_NAME, EMBEDDED, tax) {
            Ok(m) => Ok(Some(m)),
            Err(MarketError::Invalid { message, .. }) if message.contains("unknown skill id") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn from_data(name: &str, data: Data) -> Market {
        Market {
            source: data.source.unwrap_or_else(|| name.to_string()),
            date: data.date,
            role: data.role,
            postings: OnceLock::from(data.postings),
            packed: None,
            compiled: None,
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
                .and_then(data::month_of)
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
            postings: OnceLock::from(
                postings
                    .into_iter()
                    .filter(|p| !p.reqs.is_empty())
                    .collect::<Postings>(),
            ),
            packed: None,
            compiled: None,
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
            postings: OnceLock::from(
                postings
                    .iter()
                    .map(|(p, level, month)| Posting::from_job(tax, p, level, month.clone()))
                    .filter(|p| !p.reqs.is_empty())
                    .collect::<Postings>(),
            ),
            packed: None,
            compiled: None,
        }
    }

    /// Parse the `.tsv` form; errors name the file, line and field.
    pub fn from_tsv(name: &str, text: &str, tax: &Taxonomy) -> Result<Market, MarketError> {
        let data =
            data::parse_tsv(text, |id| tax.index_of(id)).map_err(|e| MarketError::Invalid {
                at: match e.field {
                    Some(field) => format!("{name}:{}: field `{field}`", e.line),
                    None => format!("{name}:{}", e.line),
                },
                message: e.message,
            })?;
        let market = Market::from_data(name, data);
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
        let ids: Vec<&str> = tax.skills.iter().map(|s| s.id.as_str()).collect();
        data::write_tsv(
            &Data {
                source: Some(self.source.clone()),
                date: self.date.clone(),
                role: self.role.clone(),
                postings: self.postings().clone(),
            },
            &ids,
        )
    }

    /// Postings in the market (each names at least one skill).
    pub fn len(&self) -> usize {
        self.postings().len()
    }

    pub fn is_empty(&self) -> bool {
        self.postings().is_empty()
    }

    /// The postings, decoded now if they are the built-in market's and were not yet.
    pub(super) fn postings(&self) -> &Postings {
        self.postings.get_or_init(|| {
            let (bytes, skills) = self
                .packed
                .expect("a market without postings has them packed");
            // build.rs wrote these bytes with data::encode, and a unit test decodes them: a
            // failure here is a build defect, not bad input.
            data::decode_postings(bytes, skills).expect("the built-in market's postings decode")
        })
    }

    /// Postings that name at least one skill that is not a soft skill: the ones a fit is
    /// measured on.
    fn measurable(&self, tax: &Taxonomy) -> usize {
        self.postings()
            .iter()
            .filter(|p| p.reqs().any(|r| tax.skills[r.skill].kind != Kind::Soft))
            .count()
    }

    /// The levels present, in [`LEVELS`] order, with their posting counts.
    pub fn levels(&self) -> Vec<(&'static str, usize)> {
        LEVELS
            .iter()
            .map(|&l| (l, self.postings().iter().filter(|p| p.level == l).count()))
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
                    preferred: r.level == Ask::Preferred,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::percent;

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
    fn the_compiled_market_is_the_tsv() {
        let t = tax();
        let ids: Vec<&str> = t.skills.iter().map(|s| s.id.as_str()).collect();
        assert!(
            data::decode(EMBEDDED_COMPILED, ids.iter().copied()).is_some(),
            "build.rs compiled the built-in market against the built-in taxonomy"
        );
        let compiled = Market::embedded(&t).unwrap().unwrap();
        let read = Market::from_tsv(EMBEDDED_NAME, EMBEDDED, &t).unwrap();
        assert_eq!(compiled.postings(), read.postings());
        // Compiled in the fitter's order, so no start sorts 2,689 postings' requirements.
        assert!(compiled
            .postings()
            .iter()
            .all(|p| p.reqs().is_sorted_by_key(|r| (r.skill, r.preferred))));
        assert_eq!(
            (&compiled.source, &compiled.date, &compiled.role),
            (&read.source, &read.date, &read.role)
        );
        // The compact form round-trips, and is refused against other ids or when cut short.
        let data = data::parse_tsv(EMBEDDED, |id| t.index_of(id)).unwrap();
        let bytes = data::encode(&data, &ids);
        assert_eq!(data::decode(&bytes, ids.iter().copied()), Some(data));
        let mut other = ids.clone();
        other.swap(0, 1);
        assert_eq!(data::decode(&bytes, other.iter().copied()), None);
        assert_eq!(
            data::decode(&bytes[..bytes.len() - 1], ids.iter().copied()),
            None
        );
        assert_eq!(data::decode(b"", ids.iter().copied()), None);
    }

    #[test]
    fn the_fitter_form_build_rs_wrote_is_what_compile_makes_and_is_refused_for_other_uses() {
        let t = tax();
        let m = Market::embedded(&t).unwrap().unwrap();
        let ids: Vec<&str> = t.skills.iter().map(|s| s.id.as_str()).collect();
        let kind_soft: Vec<bool> = t.skills.iter().map(|s| s.kind == Kind::Soft).collect();
        let made = compile::Made {
            ids: &ids,
            weights: compile::Weights {
                required: job::REQUIRED_WEIGHT,
                preferred: job::PREFERRED_WEIGHT,
            },
            ready_at: DEFAULT_READY_AT,
            level: None,
        };
        let now = compile::compile(
            m.postings(),
            &kind_soft,
            None,
            DEFAULT_READY_AT,
            made.weights,
        );
        assert!(now.postings.len() > 2000);
        let built = compile::decode(EMBEDDED_FITTER, &made)
            .expect("build.rs compiled the built-in market for the defaults of this binary");
        assert_eq!(built, now);
        assert_eq!(compile::encode(&now, &made), EMBEDDED_FITTER);
        // Made for something else, cut short or with an index out of range: compiled at start.
        let other = |made: compile::Made<'_>| compile::decode(EMBEDDED_FITTER, &made).is_none();
        assert!(other(compile::Made {
            ready_at: 60.0,
            ..made
        }));
        assert!(other(compile::Made {
            level: Some("entry"),
            ..made
        }));
        let weights = compile::Weights {
            required: 3,
            preferred: 1,
        };
        assert!(other(compile::Made { weights, ..made }));
        let mut swapped = ids.clone();
        swapped.swap(0, 1);
        assert!(other(compile::Made {
            ids: &swapped,
            ..made
        }));
        assert!(compile::decode(&EMBEDDED_FITTER[..EMBEDDED_FITTER.len() - 1], &made).is_none());
        let mut damaged = now.clone();
        damaged.by_skill[0].0 = u32::MAX;
        assert!(compile::decode(&compile::encode(&damaged, &made), &made).is_none());
    }

    /// The fit the slow way: every posting's rate from its requirements, and every gain as the
    /// difference one more skill makes to the ready count.
    /// At three thresholds: which postings the fit may pass over as out of reach depends on it.
    #[test]
    fn the_fit_equals_the_fit_the_slow_way() {
        for ready_at in [DEFAULT_READY_AT, 30.0, 75.0] {
            fit_the_slow_way(ready_at);
        }
    }

    fn fit_the_slow_way(ready_at: f64) {
        let t = tax();
        let m = Market::embedded(&t).unwrap().unwrap();
        let f = Fitter::new(&t, &m, None, ready_at).unwrap();
        let soft = |i: usize| t.skills[i].kind == Kind::Soft;
        let rates = |shown: &[usize]| -> Vec<f64> {
            m.postings()
                .iter()
                .filter(|p| p.reqs().any(|r| !soft(r.skill)))
                .map(|p| {
                    let (mut got, mut total) = (0, 0);
                    for r in p.reqs().filter(|r| !soft(r.skill)) {
                        let w = if r.preferred { 1 } else { 2 };
                        total += w;
                        if shown.contains(&r.skill) {
                            got += w;
                        } else if r
                            .alternatives
                            .iter()
                            .any(|&a| !soft(a) && shown.contains(&a))
                        {
                            total -= w;
                        }
                    }
                    percent(got, total)
                })
                .collect()
        };
        let ready = |shown: &[usize]| rates(shown).iter().filter(|&&r| r >= ready_at).count();
        for skills in [
            &[][..],
            &["python"][..],
            &["java", "spring", "sql", "aws"][..],
            &[
                "python",
                "django",
                "postgresql",
                "docker",
                "kubernetes",
                "aws",
                "git",
                "rest-api",
            ][..],
            &["linux", "communication"][..],
        ] {
            let shown = idx(&t, skills);
            let r = f.fit(&shown);
            let slow = rates(&shown);
            let mean = (slow.iter().sum::<f64>() / slow.len() as f64 * 10.0).round() / 10.0;
            assert_eq!(r.fit, mean, "{skills:?}");
            let now = ready(&shown);
            assert_eq!(r.ready_postings, now, "{skills:?}");
            for g in r.gaps.iter().take(25) {
                let mut more = shown.clone();
                more.push(t.index_of(&g.id).unwrap());
                assert_eq!(
                    g.postings_gained,
                    ready(&more) - now,
                    "{skills:?} + {} at {ready_at}",
                    g.id
                );
            }
            // Each next skill, added after the ones before it, opens what it promises.
            let (mut more, mut before) = (shown.clone(), now);
            for n in &r.next_skills {
                more.push(t.index_of(&n.id).unwrap());
                let after = ready(&more);
                assert_eq!(
                    n.postings_gained,
                    after - before,
                    "{skills:?} then {} at {ready_at}",
                    n.id
                );
                before = after;
            }
        }
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
