//! The market sections of a report (headline, levels, next skills, the gaps that cost postings)
//! and the `skillgap market` view.

use std::io::{self, Write};

use crate::analysis::market::{MarketFit, MarketOverview};
use crate::analysis::{Analysis, Headline};
use crate::taxonomy::Taxonomy;

/// Gaps shown in the summary: the ones that open the most postings.
const SUMMARY_GAPS: usize = 5;

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The headline line: the number that leads the report and what it means.
pub(super) fn headline(a: &Analysis) -> String {
    match (&a.market, a.headline) {
        (Some(m), Headline::Fit) => format!(
            "Market fit {:.1} / 100 · ready for {} of {} postings ({}) · coverage {:.1}",
            m.fit,
            m.ready_postings,
            m.postings,
            pct(m.ready_share),
            a.coverage
        ),
        _ => format!(
            "Role coverage {:.1} / 100 (no job market for this role; give --market)",
            a.coverage
        ),
    }
}

/// The market summary as plain lines: what the fit means, the level table, the next skills.
pub(super) fn lines(m: &MarketFit) -> Vec<String> {
    let mut v = vec![format!(
        "  fit = mean match rate over {} postings ({}); ready = match rate ≥ {:.0}",
        m.postings,
        m.level
            .as_deref()
            .map_or("all levels".to_string(), |l| format!("level {l}")),
        m.ready_at
    )];
    if m.levels.len() > 1 {
        v.push(format!(
            "  {:<12} {:>8} {:>6} {:>7}",
            "level", "postings", "fit", "ready"
        ));
        for l in &m.levels {
            v.push(format!(
                "  {:<12} {:>8} {:>6.1} {:>7}",
                l.level,
                l.postings,
                l.fit,
                pct(l.ready_share)
            ));
        }
    }
    if !m.next_skills.is_empty() {
        v.push("  Next skills (each opens the most further postings):".to_string());
        for (i, s) in m.next_skills.iter().enumerate() {
            v.push(format!(
                "   {}. {} — +{} postings, ready for {} after · ~{} h",
                i + 1,
                s.name,
                s.postings_gained,
                pct(s.ready_share_after),
                s.hours
            ));
        }
    }
    v
}

/// Plain-text market summary for the full terminal report.
pub(super) fn text(a: &Analysis, m: &MarketFit, out: &mut dyn Write) -> io::Result<()> {
    for l in lines(m).iter().chain(&gap_lines(a, m)) {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

/// The gaps that matter: most postings gained, then most asked; (id, gained, asked share).
/// Skills taken as known (`implied`) are left to the plan's note: worth naming, not learning.
pub(super) fn top_gaps<'a>(a: &Analysis, m: &'a MarketFit, n: usize) -> Vec<(&'a str, usize, f64)> {
    let implied = super::focus::implied_ids(a);
    let mut g: Vec<_> = m
        .gaps
        .iter()
        .filter(|g| g.postings_gained > 0 && !implied.contains(g.id.as_str()))
        .map(|g| (g.id.as_str(), g.postings_gained, share(g.asked, m.postings)))
        .collect();
    g.truncate(n);
    g
}

fn share(count: usize, total: usize) -> f64 {
    crate::analysis::demand::share(count, total)
}

/// Names for ids, from the analysis (gaps) or the id itself.
fn name_of<'a>(a: &'a Analysis, id: &'a str) -> &'a str {
    a.gaps
        .iter()
        .find(|g| g.id == id)
        .map_or(id, |g| g.name.as_str())
}

/// The lines for the gaps that cost the most postings.
pub(super) fn gap_lines(a: &Analysis, m: &MarketFit) -> Vec<String> {
    let top = top_gaps(a, m, SUMMARY_GAPS);
    if top.is_empty() {
        return Vec::new();
    }
    let mut v = vec!["  Gaps that cost the most postings:".to_string()];
    for (id, gained, asked) in top {
        v.push(format!(
            "   - {} — +{} postings alone · asked by {}",
            name_of(a, id),
            gained,
            pct(asked)
        ));
    }
    v
}

/// The Markdown market section.
pub(super) fn markdown(a: &Analysis, m: &MarketFit, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Market fit\n")?;
    writeln!(
        out,
        "**{:.1} / 100**: the mean match rate over {} job postings ({}). Ready (match rate ≥ {:.0}) for **{}** of them ({}). Postings: {}.\n",
        m.fit,
        m.postings,
        m.level.as_deref().map_or("all levels".to_string(), |l| format!("level {l}")),
        m.ready_at,
        m.ready_postings,
        pct(m.ready_share),
        m.source
    )?;
    if m.levels.len() > 1 {
        writeln!(out, "| Level | Postings | Fit | Ready |")?;
        writeln!(out, "| --- | ---: | ---: | ---: |")?;
        for l in &m.levels {
            writeln!(
                out,
                "| {} | {} | {:.1} | {} |",
                l.level,
                l.postings,
                l.fit,
                pct(l.ready_share)
            )?;
        }
        writeln!(out)?;
    }
    if !m.next_skills.is_empty() {
        writeln!(out, "### Next skills\n")?;
        writeln!(
            out,
            "Each opens the most further postings, given the ones before it.\n"
        )?;
        writeln!(out, "| # | Skill | Postings opened | Ready after | Hours |")?;
        writeln!(out, "| ---: | --- | ---: | ---: | ---: |")?;
        for (i, s) in m.next_skills.iter().enumerate() {
            writeln!(
                out,
                "| {} | {} | +{} | {} | ~{} |",
                i + 1,
                s.name,
                s.postings_gained,
                pct(s.ready_share_after),
                s.hours
            )?;
        }
        writeln!(out)?;
    }
    let top = top_gaps(a, m, SUMMARY_GAPS);
    if !top.is_empty() {
        writeln!(out, "### Gaps that cost the most postings\n")?;
        let steps = super::focus::plan_steps(a);
        for (id, gained, asked) in top {
            let step = steps
                .get(id)
                .map_or(String::new(), |n| format!(" (plan step {n})"));
            writeln!(
                out,
                "- {}: +{} postings on its own, asked by {} of postings{step}",
                name_of(a, id),
                gained,
                pct(asked)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `skillgap market` as a terminal table or Markdown.
pub(super) fn overview(
    o: &MarketOverview,
    tax: &Taxonomy,
    markdown: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let name = |id: &str| tax.skill(id).map_or(id.to_string(), |s| s.name.clone());
    let h = |out: &mut dyn Write, title: &str| -> io::Result<()> {
        if markdown {
            writeln!(out, "\n## {title}\n")
        } else {
            writeln!(out, "\n{title}")
        }
    };
    if markdown {
        writeln!(out, "# Job market\n")?;
        writeln!(out, "{} postings · {}", o.postings, o.source)?;
    } else {
        writeln!(out, "Job market: {} postings", o.postings)?;
        writeln!(out, "  {}", o.source)?;
    }
    if let Some(l) = &o.level {
        writeln!(out, "{}level: {l}", if markdown { "\n" } else { "  " })?;
    }
    h(out, "Most asked-for skills (soft skills aside)")?;
    if markdown {
        writeln!(out, "| Skill | Asked by | Required | Preferred |")?;
        writeln!(out, "| --- | ---: | ---: | ---: |")?;
    } else {
        writeln!(
            out,
            "  {:<34} {:>8} {:>9} {:>9}",
            "skill", "asked by", "required", "preferred"
        )?;
    }
    for s in &o.skills {
        if markdown {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                s.name,
                pct(s.share),
                s.required,
                s.preferred
            )?;
        } else {
            writeln!(
                out,
                "  {:<34} {:>8} {:>9} {:>9}",
                truncate(&s.name, 34),
                pct(s.share),
                s.required,
                s.preferred
            )?;
        }
    }
    h(out, "By level")?;
    for l in &o.levels {
        let top: Vec<String> = l
            .top
            .iter()
            .take(6)
            .map(|s| format!("{} {}", name(&s.id), pct(s.share)))
            .collect();
        let bullet = if markdown { "- " } else { "  " };
        writeln!(
            out,
            "{bullet}{} ({} postings): {}",
            l.level,
            l.postings,
            top.join(", ")
        )?;
    }
    h(out, "What goes together")?;
    for t in &o.together {
        let also: Vec<String> = t
            .also
            .iter()
            .map(|s| format!("{} {}", name(&s.id), pct(s.share)))
            .collect();
        let bullet = if markdown { "- " } else { "  " };
        writeln!(
            out,
            "{bullet}{} ({} postings) also: {}",
            name(&t.id),
            t.postings,
            also.join(", ")
        )?;
    }
    if !o.soft_skills.is_empty() {
        h(out, "Soft skills named (not part of any fit)")?;
        let soft: Vec<String> = o
            .soft_skills
            .iter()
            .map(|s| format!("{} {}", name(&s.id), pct(s.share)))
            .collect();
        writeln!(
            out,
            "{}{}",
            if markdown { "" } else { "  " },
            soft.join(", ")
        )?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n - 1).collect();
    t.push('…');
    t
}
