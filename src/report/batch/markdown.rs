//! Markdown: the cohort summary (scores, distribution, common gaps, coverage) and a per-person
//! table, for a counselor's notes or an issue tracker.

use std::io::{self, Write};

use super::{one_decimal, BatchReporter, Parts};
use crate::cohort::CohortSummary;
use crate::report::markdown::cell;

/// Gaps listed in the "most common gaps" table.
const TOP_GAPS: usize = 20;
/// Width of the longest bar in the distribution table, in characters.
const BAR: usize = 30;

pub(super) struct Markdown;

impl BatchReporter for Markdown {
    fn parts(&self) -> Parts {
        Parts::None
    }

    fn finish(
        &self,
        summary: Option<&CohortSummary>,
        _spooled: Option<&mut dyn io::Read>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match summary {
            Some(s) => render(s, out),
            None => Ok(()),
        }
    }
}

pub(super) fn role_names(s: &CohortSummary) -> String {
    if s.roles.is_empty() {
        return "-".to_string();
    }
    s.roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(s: &CohortSummary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Cohort skill gap summary")?;
    writeln!(out)?;
    writeln!(
        out,
        "Role: **{}** · {} documents · {} analysed · {} failed",
        cell(&role_names(s)),
        s.documents,
        s.analysed,
        s.failed
    )?;
    writeln!(out)?;
    if let Some(sc) = &s.score {
        writeln!(out, "## Scores")?;
        writeln!(out)?;
        writeln!(
            out,
            "Each person's headline: the market fit where a job market applies, else the role coverage."
        )?;
        writeln!(out)?;
        writeln!(out, "| Mean | Median | Min | Max |")?;
        writeln!(out, "| ---: | ---: | ---: | ---: |")?;
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            one_decimal(sc.mean),
            one_decimal(sc.median),
            one_decimal(sc.min),
            one_decimal(sc.max)
        )?;
        writeln!(out)?;
        writeln!(out, "## Score distribution")?;
        writeln!(out)?;
        writeln!(out, "| Score | People | |")?;
        writeln!(out, "| --- | ---: | --- |")?;
        let max = s.distribution.iter().map(|b| b.people).max().unwrap_or(0);
        for b in &s.distribution {
            let bar = if max == 0 {
                0
            } else {
                (b.people * BAR).div_ceil(max)
            };
            writeln!(
                out,
                "| {}–{} | {} | {} |",
                b.from,
                b.to,
                b.people,
                "█".repeat(bar)
            )?;
        }
        writeln!(out)?;
    }
    if !s.gaps.is_empty() {
        writeln!(out, "## Most common gaps")?;
        writeln!(out)?;
        writeln!(out, "Core and important skills the most people lack.")?;
        writeln!(out)?;
        writeln!(
            out,
            "| # | Skill | Category | Importance | People | Share |"
        )?;
        writeln!(out, "| ---: | --- | --- | --- | ---: | ---: |")?;
        for (i, g) in s.gaps.iter().take(TOP_GAPS).enumerate() {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}% |",
                i + 1,
                cell(&g.name),
                cell(&g.category),
                g.importance,
                g.people,
                one_decimal(g.share)
            )?;
        }
        writeln!(out)?;
    }
    if !s.market_gaps.is_empty() {
        writeln!(out, "## Gaps that cost the cohort the most postings")?;
        writeln!(out)?;
        writeln!(
            out,
            "Per skill: job postings people would be ready for with it, summed over people."
        )?;
        writeln!(out)?;
        writeln!(out, "| # | Skill | Postings gained | People it helps |")?;
        writeln!(out, "| ---: | --- | ---: | ---: |")?;
        for (i, g) in s.market_gaps.iter().enumerate() {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                i + 1,
                cell(&g.name),
                g.postings,
                g.people
            )?;
        }
        writeln!(out)?;
    }
    if !s.categories.is_empty() {
        writeln!(out, "## Coverage by category")?;
        writeln!(out)?;
        writeln!(
            out,
            "| Category | Role skills | Mean coverage | People with any |"
        )?;
        writeln!(out, "| --- | ---: | ---: | ---: |")?;
        for c in &s.categories {
            writeln!(
                out,
                "| {} | {} | {}% | {} |",
                cell(&c.category),
                c.total,
                one_decimal(c.coverage),
                c.people_with_any
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## People")?;
    writeln!(out)?;
    if s.people.is_empty() {
        writeln!(out, "No documents.")?;
        return Ok(());
    }
    writeln!(out, "| # | Source | Score | Found | Gaps | Top gaps |")?;
    writeln!(out, "| ---: | --- | ---: | ---: | ---: | --- |")?;
    for p in &s.people {
        match (&p.error, p.score) {
            (Some(e), _) => writeln!(
                out,
                "| {} | {} | – | – | – | **failed:** {} |",
                p.index,
                cell(&p.source),
                cell(e)
            )?,
            (None, score) => writeln!(
                out,
                "| {} | {} | {} | {}/{} | {} | {} |",
                p.index,
                cell(&p.source),
                score.map_or("–".into(), one_decimal),
                p.matched,
                p.role_skills,
                p.gaps,
                cell(&p.top_gaps.join(", "))
            )?,
        }
    }
    Ok(())
}
