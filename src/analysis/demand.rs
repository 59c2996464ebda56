//! Market demand: the share of real job postings that ask for each skill, counted with skillgap's
//! own reader and matcher, so the figures mean exactly what a match in a resume means.
//!
//! `examples/demand.rs` runs this over a JSON Lines file of postings and writes
//! `skills/demand.toml`; the taxonomy then carries each skill's share, and the learning plan uses
//! it to order skills of the same importance. The postings themselves are not redistributed.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::analysis::job;
use crate::analysis::market::{self, Market};
use crate::input;
use crate::matcher::{Matcher, Status};
use crate::taxonomy::Taxonomy;

/// One job posting: only the fields the count needs (others are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct Posting {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// The posting's text (Markdown in the LinkedIn export).
    #[serde(default)]
    pub description: String,
    /// The job board's seniority level ("Mid-Senior level"), when given.
    #[serde(default)]
    pub job_level: Option<String>,
    /// When the posting was published (`YYYY-MM-DD`), when given.
    #[serde(default)]
    pub date_posted: Option<String>,
}

/// A line of the postings file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct PostingError {
    pub line: usize,
    pub message: String,
}

/// Parse JSON Lines postings; blank lines are skipped.
pub fn read_postings(jsonl: &str) -> Result<Vec<Posting>, PostingError> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| PostingError {
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// How many postings mention each skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Postings counted: distinct ids with a non-empty description.
    pub postings: usize,
    /// Per skill (index into [`Taxonomy::skills`]): postings with at least one accepted mention.
    pub per_skill: Vec<usize>,
}

/// Count, per skill, the postings whose description mentions it as an accepted match (negated
/// and wished-for mentions do not count). Postings repeated under the same id count once;
/// postings with an empty description are skipped.
pub fn count(matcher: &Matcher<'_>, postings: &[Posting]) -> Counts {
    let tax = matcher.taxonomy();
    let mut per_skill = vec![0usize; tax.skills.len()];
    let mut seen = HashSet::new();
    let mut n = 0;
    for p in postings {
        if p.description.trim().is_empty() || !seen.insert(p.id.as_str()) {
            continue;
        }
        let Ok(doc) = input::from_bytes(&p.id, Some("md"), p.description.as_bytes()) else {
            continue;
        };
        n += 1;
        let found: HashSet<usize> = matcher
            .find(&doc)
            .into_iter()
            .filter(|h| h.status == Status::Accepted)
            .map(|h| h.skill)
            .collect();
        for s in found {
            per_skill[s] += 1;
        }
    }
    Counts {
        postings: n,
        per_skill,
    }
}

/// The market of `postings` for [`crate::analysis::market`]: each posting's required and
/// preferred skills as `analyze --job` reads them, with its level and month. Postings repeated
/// under the same id count once; those naming no skill are left out.
pub fn market(
    matcher: &Matcher<'_>,
    postings: &[Posting],
    source: &str,
    date: &str,
    role: &str,
) -> Market {
    let mut seen = HashSet::new();
    let read: Vec<_> = postings
        .iter()
        .filter(|p| !p.description.trim().is_empty() && seen.insert(p.id.as_str()))
        .filter_map(|p| {
            let doc = input::from_bytes(&p.id, Some("md"), p.description.as_bytes()).ok()?;
            let level = p
                .job_level
                .as_deref()
                .and_then(market::level_slug)
                .unwrap_or("unspecified");
            let month = p
                .date_posted
                .as_deref()
                .and_then(|d| d.get(..7))
                .map(str::to_string);
            Some((job::requirements(matcher, &doc), level, month))
        })
        .collect();
    let mut m = Market::from_postings(matcher.taxonomy(), source, &read);
    m.date = Some(date.to_string());
    m.role = Some(role.to_string());
    m
}

/// `count / total`, rounded to three decimals (0 when there are no postings).
pub fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (count as f64 * 1000.0 / total as f64).round() / 1000.0
}

/// What the figures count, written into the data file.
pub const METHOD: &str = "share of postings whose description mentions the skill as an accepted match of skillgap's matcher (negated and wished-for mentions excluded), three decimals";

/// The `skills/demand.toml` text for `counts`: a generated file, one line per skill, sorted by id.
pub fn render_toml(tax: &Taxonomy, counts: &Counts, source: &str, date: &str) -> String {
    let mut out = String::new();
    out.push_str("# Market demand per skill. GENERATED by `scripts/demand.sh` (examples/demand.rs); do not edit\n");
    out.push_str(
        "# by hand. The figures are facts about the postings; the postings themselves are not in\n",
    );
    out.push_str("# this repository.\n\n");
    out.push_str("[demand]\n");
    let _ = writeln!(out, "source = {}", toml_string(source));
    let _ = writeln!(out, "date = {}", toml_string(date));
    let _ = writeln!(out, "postings = {}", counts.postings);
    let _ = writeln!(out, "method = {}", toml_string(METHOD));
    out.push_str("\n[demand.share]\n");
    let mut rows: Vec<(&str, usize)> = tax
        .skills
        .iter()
        .zip(&counts.per_skill)
        .map(|(s, &c)| (s.id.as_str(), c))
        .collect();
    rows.sort();
    for (id, c) in rows {
        let _ = writeln!(out, "{id} = {:.3}", share(c, counts.postings));
    }
    out
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_rounds_to_three_decimals() {
        assert_eq!(share(1, 3), 0.333);
        assert_eq!(share(2, 3), 0.667);
        assert_eq!(share(0, 0), 0.0);
        assert_eq!(share(5, 5), 1.0);
    }

    #[test]
    fn bad_lines_name_their_number() {
        let err = read_postings("{\"id\":\"a\",\"description\":\"x\"}\n\n{oops\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a \"b\" \\"), "\"a \\\"b\\\" \\\\\"");
    }
}
