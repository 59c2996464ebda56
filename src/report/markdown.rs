//! Markdown: a report a job seeker can keep, print or paste into notes.
//!
//! Summary first (headline, the market's level table, next skills, the gaps that matter), then
//! the plan — the one place courses are listed — then the evidence: skills found, what was not
//! counted, the other gaps, coverage and career context. A skill taken as known (`implied`) is
//! never also called a gap.

use std::io::{self, Write};

use super::focus::{self, GapItem};
use super::names::category_name;
use super::RenderOptions;
use crate::analysis::Analysis;
use crate::taxonomy::Taxonomy;

/// Escape the characters that would break a Markdown table cell.
pub(crate) fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

pub(super) fn render(
    a: &Analysis,
    tax: &Taxonomy,
    _opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "# Skill gap report: {}", cell(&a.source.label()))?;
    writeln!(out)?;
    writeln!(
        out,
        "Role: **{}** · {} · {} of {} role skills found",
        a.role.name,
        super::market::headline(a),
        a.summary.matched,
        a.summary.role_skills
    )?;
    writeln!(out)?;
    let gaps = focus::gaps(a, tax);
    match &a.market {
        Some(m) if gaps.by_market || gaps.top.is_empty() => super::market::markdown(a, m, out)?,
        Some(m) => {
            super::market::markdown(a, m, out)?;
            next_skills(a, &gaps.top, out)?;
        }
        None => next_skills(a, &gaps.top, out)?,
    }
    if let Some(job) = &a.job {
        super::job::markdown(job, tax, out)?;
    }
    super::plan::markdown_fit(a, out)?;
    super::plan::markdown_plan(a, tax, out)?;
    skills_found(a, out)?;
    not_counted(a, out)?;
    other_gaps(a, tax, &gaps.rest, &gaps.bonus, out)?;
    writeln!(out, "## Coverage by category")?;
    writeln!(out)?;
    writeln!(out, "| Category | Found | Coverage |")?;
    writeln!(out, "| --- | ---: | ---: |")?;
    for c in &a.categories {
        writeln!(
            out,
            "| {} | {}/{} | {:.1}% |",
            category_name(&c.category),
            c.matched,
            c.total,
            c.coverage
        )?;
    }
    if a.career.is_some() {
        writeln!(out)?;
        super::plan::markdown_career(a, out)?;
    }
    Ok(())
}

/// Without a market: the gaps that matter most, core first.
fn next_skills(a: &Analysis, top: &[GapItem<'_>], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Next skills")?;
    writeln!(out)?;
    if top.is_empty() {
        writeln!(
            out,
            "None: every core and important skill of the role was found or is implied.\n"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "The {} gaps that matter most of {}: core skills first, then those more postings ask for.\n",
        top.len(),
        a.gaps.len()
    )?;
    for (i, g) in top.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, gap_line(a, g))?;
    }
    writeln!(out)?;
    Ok(())
}

/// "**Kubernetes** (important, ~50 h, in 21% of postings) — plan step 9".
fn gap_line(a: &Analysis, g: &GapItem<'_>) -> String {
    let mut facts = Vec::new();
    if let Some(i) = g.importance() {
        facts.push(i.to_string());
    }
    if let Some(h) = g.hours() {
        facts.push(format!("~{h} h"));
    }
    if let Some(n) = g.postings_gained.filter(|n| *n > 0) {
        facts.push(format!("+{n} postings alone"));
    }
    if let (Some(d), Some(_)) = (g.gap.and_then(|x| x.demand), &a.demand) {
        facts.push(format!(
            "in {} of postings",
            super::plan::demand_pct(Some(d))
        ));
    }
    let plan = match g.plan_step {
        Some(n) => format!(" — plan step {n}"),
        None => String::new(),
    };
    format!("**{}** ({}){plan}", g.name, facts.join(", "))
}

fn skills_found(a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Skills found")?;
    writeln!(out)?;
    if a.matched.is_empty() {
        writeln!(out, "None of the taxonomy's skills were found.")?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "| Skill | Category | Importance | Match | Evidence |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for m in &a.matched {
        let ev = m.evidence.first().map_or(String::new(), |e| {
            format!("line {}: {}", e.line, cell(&e.text))
        });
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&m.name),
            category_name(&m.category),
            m.importance,
            serde_json::to_value(m.how)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            ev
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn not_counted(a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    if a.negated.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Mentioned but not counted")?;
    writeln!(out)?;
    for n in &a.negated {
        let reason = serde_json::to_value(n.reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let ev = n
            .evidence
            .first()
            .map_or(String::new(), |e| format!(" (line {}: {})", e.line, e.text));
        writeln!(out, "- {} — {}{}", n.name, reason, ev)?;
    }
    writeln!(out)?;
    Ok(())
}

/// The core and important gaps the summary did not name, with where each is planned (its
/// courses are listed there) or, when it is not, where to learn it; then the bonus ones by name.
fn other_gaps(
    a: &Analysis,
    tax: &Taxonomy,
    rest: &[GapItem<'_>],
    bonus: &[GapItem<'_>],
    out: &mut dyn Write,
) -> io::Result<()> {
    if rest.is_empty() && bonus.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Other gaps")?;
    writeln!(out)?;
    if !rest.is_empty() {
        writeln!(
            out,
            "Core and important skills of the role not shown, beyond the summary{}; courses for planned ones are in the plan.\n",
            if a.market.is_some() {
                ". Opens: how many more postings you would be ready for with that skill alone"
            } else {
                ""
            }
        )?;
        writeln!(
            out,
            "| Skill | Importance | Hours | Opens | Demand | Plan |"
        )?;
        writeln!(out, "| --- | --- | ---: | ---: | ---: | --- |")?;
        for g in rest {
            let Some(gap) = g.gap else { continue };
            let plan = match g.plan_step {
                Some(n) => format!("step {n}"),
                None => not_planned(a, tax, gap),
            };
            let opens = match g.postings_gained {
                Some(n) if n > 0 => format!("+{n}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "| {} | {} | ~{} | {opens} | {} | {} |",
                cell(&g.name),
                gap.importance,
                gap.hours,
                super::plan::demand_pct(gap.demand),
                plan
            )?;
        }
        writeln!(out)?;
    }
    if !bonus.is_empty() {
        let names: Vec<String> = bonus
            .iter()
            .map(|g| match g.plan_step {
                Some(n) => format!("{} (plan step {n})", g.name),
                None => g.name.clone(),
            })
            .collect();
        writeln!(out, "Bonus skills also missing: {}.", names.join(", "))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Why a gap is not in the plan, and its first course.
fn not_planned(a: &Analysis, tax: &Taxonomy, gap: &crate::analysis::Gap) -> String {
    let soft = tax
        .skill(&gap.id)
        .is_some_and(|s| s.kind == crate::taxonomy::Kind::Soft);
    let why = if a.deferred.iter().any(|d| d.id == gap.id) {
        "deferred (needs a skill off the role's path)"
    } else if soft {
        "a soft skill: shown through work, not a course plan"
    } else if !gap.alternatives_found.is_empty() {
        "not needed (an alternative is shown)"
    } else {
        "not planned"
    };
    match gap.courses.first() {
        Some(c) => format!("{why}; learn at [{}]({})", cell(&c.title), c.url),
        None => why.to_string(),
    }
}
