//! Markdown: a report a job seeker can keep, print or paste into notes.

use std::io::{self, Write};

use super::{focus_gaps, RenderOptions};
use crate::analysis::Analysis;

/// Escape the characters that would break a Markdown table cell.
pub(crate) fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

pub(super) fn render(a: &Analysis, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Skill gap report: {}", cell(&a.source.path))?;
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
    if let Some(m) = &a.market {
        super::market::markdown(a, m, out)?;
    }
    if let Some(job) = &a.job {
        super::job::markdown(job, out)?;
    }
    super::plan::markdown_fit(a, out)?;
    writeln!(out, "## Skills found")?;
    writeln!(out)?;
    if a.matched.is_empty() {
        writeln!(out, "None of the taxonomy's skills were found.")?;
    } else {
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
                m.category,
                m.importance,
                serde_json::to_value(m.how)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                ev
            )?;
        }
    }
    if !a.negated.is_empty() {
        writeln!(out)?;
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
    }
    writeln!(out)?;
    writeln!(out, "## Gaps")?;
    writeln!(out)?;
    let (shown, rest) = focus_gaps(a, opts.verbose);
    for g in shown {
        let demand = match g.demand {
            Some(_) => format!(", in {} of postings", super::plan::demand_pct(g.demand)),
            None => String::new(),
        };
        writeln!(
            out,
            "### {} ({}, ~{} h{demand})",
            g.name, g.importance, g.hours
        )?;
        writeln!(out)?;
        writeln!(out, "{}", g.description)?;
        writeln!(out)?;
        for c in &g.courses {
            writeln!(out, "- [{}]({}) — {}", c.title, c.url, c.provider)?;
        }
        if !g.tools.is_empty() {
            writeln!(out, "- Tools: {}", g.tools.join(", "))?;
        }
        writeln!(out)?;
    }
    if !rest.is_empty() {
        let names: Vec<&str> = rest.iter().map(|g| g.name.as_str()).collect();
        writeln!(out, "Bonus skills also missing: {}.", names.join(", "))?;
        writeln!(out)?;
    }
    super::plan::markdown_plan(a, out)?;
    writeln!(out, "## Coverage by category")?;
    writeln!(out)?;
    writeln!(out, "| Category | Found | Coverage |")?;
    writeln!(out, "| --- | --- | --- |")?;
    for c in &a.categories {
        writeln!(
            out,
            "| {} | {}/{} | {:.1}% |",
            c.category, c.matched, c.total, c.coverage
        )?;
    }
    if a.career.is_some() {
        writeln!(out)?;
        super::plan::markdown_career(a, out)?;
    }
    Ok(())
}
