//! The advice sections of a report, shared by the table and Markdown renderers: the learning
//! plan, the role-fit ranking, skills taken as known, and the career context. Also the compact
//! `skillgap fit` view (ranking, then the plan for the best role).

use std::io::{self, Write};

use comfy_table::Cell;

use super::markdown::cell;
use super::table::new_table;
use super::RenderOptions;
use crate::analysis::plan::PlanStep;
use crate::analysis::Analysis;
use crate::taxonomy::{Career, Taxonomy};

pub(super) const FIT_NOTE: &str = "Fit (0-100): how closely the skills shown match what the role asks for, weighted core 3, important 2, bonus 1, with skills the role does not use counting against it; coverage: the weighted share of the role's requirements met. A choice such as \"a relational database\" counts once.";

const NOTHING_FOUND: &str =
    "No skill of the taxonomy was found, so this ranking says nothing about the person yet.";

/// Steps shown with courses, tools and practice in the terminal (all of them with --verbose).
const DETAILED_STEPS: usize = 8;

/// "41%", "<1%" or "0%" for a share; empty when unknown.
pub(crate) fn demand_pct(d: Option<f64>) -> String {
    match d {
        None => String::new(),
        Some(v) if v > 0.0 && v < 0.005 => "<1%".to_string(),
        Some(v) => format!("{:.0}%", v * 100.0),
    }
}

fn bold(color: bool, s: &str) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// "Stage 2 · important · builds on stage 1"-style heading for the stage of `step`.
pub(super) fn stage_heading(step: &PlanStep) -> String {
    let kind = if step.after.is_empty() {
        "foundations"
    } else {
        "builds on earlier stages"
    };
    format!("Stage {} · {} · {}", step.stage, step.importance, kind)
}

fn total_hours(plan: &[PlanStep]) -> u32 {
    plan.last().map_or(0, |s| s.cumulative_hours)
}

fn demand_note(a: &Analysis, d: Option<f64>) -> String {
    match (d, &a.demand) {
        (Some(_), Some(_)) => format!(" · in {} of postings", demand_pct(d)),
        _ => String::new(),
    }
}

/// The terminal "Learning plan" section.
pub(super) fn table_plan(
    a: &Analysis,
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if a.plan.is_empty() {
        return table_implied(a, tax, out);
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        bold(
            opts.color,
            &format!(
                "Learning plan ({} steps, ~{} h{})",
                a.plan.len(),
                total_hours(&a.plan),
                if opts.verbose {
                    ""
                } else {
                    "; core and important gaps with what they need, --verbose for all"
                }
            )
        )
    )?;
    let mut last_stage = 0;
    for (n, step) in a.plan.iter().enumerate() {
        if step.stage != last_stage {
            last_stage = step.stage;
            writeln!(out, "  {}", bold(opts.color, &stage_heading(step)))?;
        }
        writeln!(
            out,
            "  {:>2}. {} — ~{} h (total {} h) · {}{}",
            n + 1,
            step.name,
            step.hours,
            step.cumulative_hours,
            step.why,
            demand_note(a, step.demand)
        )?;
        if opts.verbose || n < DETAILED_STEPS {
            for c in step.courses.iter().take(if opts.verbose { 4 } else { 2 }) {
                writeln!(out, "        - {}: {} <{}>", c.provider, c.title, c.url)?;
            }
            if !step.tools.is_empty() {
                let tools: Vec<&str> = step.tools.iter().take(4).map(String::as_str).collect();
                writeln!(out, "        tools: {}", tools.join(", "))?;
            }
            if let Some(p) = &step.practice {
                writeln!(out, "        practice: {p}")?;
            }
        }
    }
    if !opts.verbose && a.plan.len() > DETAILED_STEPS {
        writeln!(
            out,
            "  (courses, tools and a practice project for every step: --verbose, --format markdown or json)"
        )?;
    }
    table_implied(a, tax, out)
}

/// "NoSQL databases (via MongoDB)" for each implied skill; with a market, "… — naming it opens
/// 67 postings" where naming it would.
pub(super) fn implied_items(a: &Analysis) -> Vec<String> {
    let name = |id: &str| {
        a.matched
            .iter()
            .find(|m| m.id == id)
            .map_or(id.to_string(), |m| m.name.clone())
    };
    a.implied
        .iter()
        .map(|i| {
            let by: Vec<String> = i.by.iter().map(|b| name(b)).collect();
            let gained = a
                .market
                .as_ref()
                .and_then(|m| m.gaps.iter().find(|g| g.id == i.id))
                .map_or(0, |g| g.postings_gained);
            let opens = match gained {
                0 => String::new(),
                1 => " — naming it opens 1 posting".to_string(),
                n => format!(" — naming it opens {n} postings"),
            };
            format!("{} (via {}){opens}", i.name, by.join(", "))
        })
        .collect()
}

/// "Authorization (needs Web development)" for each deferred gap.
pub(super) fn deferred_items(a: &Analysis, tax: &Taxonomy) -> Vec<String> {
    a.deferred
        .iter()
        .map(|d| {
            let needs: Vec<&str> = d
                .needs
                .iter()
                .map(|id| tax.skill(id).map_or(id.as_str(), |s| s.name.as_str()))
                .collect();
            format!("{} (needs {})", d.name, needs.join(", "))
        })
        .collect()
}

pub(super) const DEFERRED_NOTE: &str = "Left out of the plan because they first need a skill off this role's path (an alternative to one shown, or a concept the role does not use; --verbose plans them)";
pub(super) const IMPLIED_NOTE: &str =
    "Not named but implied by skills shown (worth naming on the resume; not in the plan)";

fn table_implied(a: &Analysis, tax: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    if !a.implied.is_empty() {
        writeln!(out)?;
        writeln!(out, "  {IMPLIED_NOTE}: {}", implied_items(a).join("; "))?;
    }
    if !a.deferred.is_empty() {
        writeln!(
            out,
            "  {DEFERRED_NOTE}: {}",
            deferred_items(a, tax).join("; ")
        )?;
    }
    Ok(())
}

/// The terminal role ranking with the top three explained.
pub(super) fn table_fit(a: &Analysis, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let Some(fit) = &a.fit else { return Ok(()) };
    writeln!(out)?;
    writeln!(out, "{}", bold(opts.color, "Best-fit roles"))?;
    let mut t = new_table(
        opts,
        &["#", "Role", "Fit", "Coverage", "Core met", "Important met"],
    );
    for (i, f) in fit.iter().enumerate() {
        t.add_row(vec![
            Cell::new(i + 1),
            Cell::new(&f.name),
            Cell::new(format!("{:.1}", f.fit)),
            Cell::new(format!("{:.1}%", f.coverage)),
            Cell::new(format!(
                "{}/{}",
                f.core_met.len(),
                f.core_met.len() + f.core_missing.len()
            )),
            Cell::new(format!("{}/{}", f.important_met, f.important_total)),
        ]);
    }
    writeln!(out, "{t}")?;
    for (i, f) in fit.iter().take(3).enumerate() {
        writeln!(out, "  {}. {} — fit {:.1}", i + 1, f.name, f.fit)?;
        writeln!(out, "     core met: {}", list_or_none(&f.core_met))?;
        writeln!(out, "     core missing: {}", list_or_none(&f.core_missing))?;
    }
    writeln!(out, "  {FIT_NOTE}")?;
    if a.matched.is_empty() {
        writeln!(out, "  {NOTHING_FOUND}")?;
    }
    Ok(())
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

pub(super) fn money(v: u32, currency: &str) -> String {
    if currency == "USD" {
        format!("${}K", (f64::from(v) / 1000.0).round())
    } else {
        format!("{} {v}", currency)
    }
}

fn pay_line(c: &Career) -> Option<String> {
    let p = c.pay.as_ref()?;
    Some(format!(
        "pay per {}: entry ~{}, median {}, experienced ~{}",
        p.period,
        money(p.entry, &p.currency),
        money(p.median, &p.currency),
        money(p.experienced, &p.currency)
    ))
}

/// "A → B, then: C, D (note)".
pub(super) fn ladder_line(c: &Career) -> Option<String> {
    if c.ladder.is_empty() && c.beyond.is_empty() {
        return None;
    }
    let mut line = c.ladder.join(" → ");
    if !c.beyond.is_empty() {
        if !line.is_empty() {
            line.push_str(" → then ");
        }
        line.push_str(&c.beyond.join(", "));
    }
    if let Some(n) = &c.note {
        line.push_str(&format!(" ({n})"));
    }
    Some(line)
}

/// The terminal career footer.
pub(super) fn table_career(
    a: &Analysis,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(c) = &a.career else { return Ok(()) };
    writeln!(out)?;
    writeln!(
        out,
        "{} (from the {}; context for the role, not a prediction for this person)",
        bold(opts.color, "Career context"),
        c.source
    )?;
    if let Some(line) = pay_line(c) {
        writeln!(out, "  {} — {line}", a.role.name)?;
    }
    if let Some(line) = ladder_line(c) {
        writeln!(out, "  career ladder: {line}")?;
    }
    if !c.alternatives.is_empty() {
        writeln!(out, "  related careers: {}", c.alternatives.join(", "))?;
    }
    Ok(())
}

/// The Markdown "Learning plan" section.
pub(super) fn markdown_plan(a: &Analysis, tax: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Learning plan")?;
    writeln!(out)?;
    if a.plan.is_empty() {
        writeln!(out, "Nothing to plan: no core or important gap.")?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} steps, about {} hours in all. Each step comes after the skills it builds on; the steps of one stage can be learnt in any order.",
            a.plan.len(),
            total_hours(&a.plan)
        )?;
        writeln!(out)?;
        writeln!(out, "| # | Stage | Skill | Why | Hours | Total | Demand |")?;
        writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
        for (n, s) in a.plan.iter().enumerate() {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                n + 1,
                s.stage,
                cell(&s.name),
                cell(&s.why),
                s.hours,
                s.cumulative_hours,
                demand_pct(s.demand)
            )?;
        }
        writeln!(out)?;
        let mut last_stage = 0;
        let mut courses = super::focus::Courses::default();
        for (n, s) in a.plan.iter().enumerate() {
            if s.stage != last_stage {
                last_stage = s.stage;
                writeln!(out, "### {}", stage_heading(s))?;
                writeln!(out)?;
            }
            writeln!(out, "#### {}. {} (~{} h)", n + 1, s.name, s.hours)?;
            writeln!(out)?;
            writeln!(out, "Why: {}.", s.why)?;
            writeln!(out)?;
            for c in &s.courses {
                match courses.seen(&c.url, n + 1) {
                    None => writeln!(out, "- [{}]({}) — {}", c.title, c.url, c.provider)?,
                    Some(step) => writeln!(
                        out,
                        "- {} — {} (listed at step {step})",
                        c.title, c.provider
                    )?,
                }
            }
            if !s.tools.is_empty() {
                writeln!(out, "- Tools to install: {}", s.tools.join(", "))?;
            }
            if let Some(p) = &s.practice {
                writeln!(out, "- Practice project: {p}")?;
            }
            writeln!(out)?;
        }
    }
    for (note, items) in [
        (IMPLIED_NOTE, implied_items(a)),
        (DEFERRED_NOTE, deferred_items(a, tax)),
    ] {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "{note}:")?;
        writeln!(out)?;
        for i in items {
            writeln!(out, "- {i}")?;
        }
        writeln!(out)?;
    }
    if let Some(d) = &a.demand {
        writeln!(
            out,
            "Demand: share of {} postings that ask for the skill ({}; computed {}).",
            d.postings, d.source, d.date
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// The Markdown role ranking.
pub(super) fn markdown_fit(a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let Some(fit) = &a.fit else { return Ok(()) };
    writeln!(out, "## Best-fit roles")?;
    writeln!(out)?;
    writeln!(
        out,
        "| # | Role | Fit | Coverage | Core met | Important met |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
    for (i, f) in fit.iter().enumerate() {
        writeln!(
            out,
            "| {} | {} | {:.1} | {:.1}% | {}/{} | {}/{} |",
            i + 1,
            cell(&f.name),
            f.fit,
            f.coverage,
            f.core_met.len(),
            f.core_met.len() + f.core_missing.len(),
            f.important_met,
            f.important_total
        )?;
    }
    writeln!(out)?;
    for (i, f) in fit.iter().take(3).enumerate() {
        writeln!(out, "{}. **{}** (fit {:.1})", i + 1, f.name, f.fit)?;
        writeln!(out, "   - core met: {}", list_or_none(&f.core_met))?;
        writeln!(out, "   - core missing: {}", list_or_none(&f.core_missing))?;
    }
    writeln!(out)?;
    writeln!(out, "{FIT_NOTE}")?;
    if a.matched.is_empty() {
        writeln!(out)?;
        writeln!(out, "{NOTHING_FOUND}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The Markdown career context.
pub(super) fn markdown_career(a: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let Some(c) = &a.career else { return Ok(()) };
    writeln!(out, "## Career context")?;
    writeln!(out)?;
    writeln!(
        out,
        "From the {}. These figures describe the role in general; they are context, not a prediction for you.",
        c.source
    )?;
    writeln!(out)?;
    if let Some(line) = pay_line(c) {
        writeln!(out, "- {}: {line}", a.role.name)?;
    }
    if let Some(line) = ladder_line(c) {
        writeln!(out, "- Career ladder: {line}")?;
    }
    if !c.alternatives.is_empty() {
        writeln!(out, "- Related careers: {}", c.alternatives.join(", "))?;
    }
    writeln!(out)?;
    Ok(())
}

/// `skillgap fit` as a terminal report: the ranking, then the plan for the best role.
pub(super) fn fit_table(
    a: &Analysis,
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {} ({}) · best fit: {} · {}",
        bold(opts.color, "skillgap fit"),
        a.source.path,
        a.source.format,
        a.role.name,
        super::market::headline(a)
    )?;
    table_fit(a, opts, out)?;
    table_plan(a, tax, opts, out)?;
    table_career(a, opts, out)
}

/// `skillgap fit` as Markdown.
pub(super) fn fit_markdown(a: &Analysis, tax: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Role fit: {}", cell(&a.source.label()))?;
    writeln!(out)?;
    writeln!(
        out,
        "Best fit: **{}** · {} · {} of {} role skills found",
        a.role.name,
        super::market::headline(a),
        a.summary.matched,
        a.summary.role_skills
    )?;
    writeln!(out)?;
    markdown_fit(a, out)?;
    markdown_plan(a, tax, out)?;
    markdown_career(a, out)
}
