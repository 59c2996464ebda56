//! The default terminal report: one screen, summary first. Every row is one line cut to the
//! terminal width with an ellipsis (never wrapped); `--verbose` switches to the full report in
//! `table.rs`, and `--format markdown|json` carry every detail.
//!
//! Order: headline, next skills (the gaps that matter most), skills found grouped by category,
//! what was not counted, the plan's first stage, then where the full detail is.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::names::category_name;
use super::RenderOptions;
use crate::analysis::{Analysis, Gap};
use crate::taxonomy::Importance;

/// Width used when the terminal's is unknown or reported as 0.
pub const DEFAULT_WIDTH: usize = 100;

/// How many gaps the summary names.
const SUMMARY_GAPS: usize = 5;

/// The report's width in columns: `opts.width` when set, else the terminal's, else 100.
pub(crate) fn columns(opts: &RenderOptions) -> usize {
    match opts.width {
        Some(n) if n > 0 => usize::from(n),
        Some(_) => comfy_table::Table::new()
            .width()
            .map(usize::from)
            .filter(|w| *w > 0)
            .unwrap_or(DEFAULT_WIDTH),
        None => DEFAULT_WIDTH,
    }
}

/// `s` cut to at most `width` display columns, ending in "…" when cut.
pub(crate) fn clip(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    out.push('…');
    out
}

/// Writes lines clipped to the width; colour is applied after clipping so escapes never count.
struct Lines<'a> {
    out: &'a mut dyn Write,
    width: usize,
    color: bool,
}

impl Lines<'_> {
    fn line(&mut self, s: &str) -> io::Result<()> {
        writeln!(self.out, "{}", clip(s, self.width))
    }

    fn heading(&mut self, s: &str) -> io::Result<()> {
        let s = clip(s, self.width);
        if self.color {
            writeln!(self.out, "\x1b[1m{s}\x1b[0m")
        } else {
            writeln!(self.out, "{s}")
        }
    }

    fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }
}

pub(super) fn render(a: &Analysis, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut l = Lines {
        out,
        width: columns(opts),
        color: opts.color,
    };
    l.heading(&format!(
        "skillgap {} ({}) · role: {}",
        a.source.path, a.source.format, a.role.name
    ))?;
    headline(a, &mut l)?;
    levels(a, &mut l)?;
    next_skills(a, &mut l)?;
    if let Some(job) = &a.job {
        l.blank()?;
        l.heading("Job posting")?;
        let missing: Vec<&str> = job
            .missing_required
            .iter()
            .map(|m| m.requirement.name.as_str())
            .collect();
        l.line(&format!(
            "  Match rate {:.1}% · required missing: {}",
            job.match_rate,
            if missing.is_empty() {
                "none".to_string()
            } else {
                missing.join(", ")
            }
        ))?;
    }
    if let Some(fit) = &a.fit {
        l.blank()?;
        l.heading("Best-fit roles")?;
        for (i, f) in fit.iter().take(3).enumerate() {
            l.line(&format!(
                "  {}. {} — fit {:.1} · coverage {:.1}%",
                i + 1,
                f.name,
                f.fit,
                f.coverage
            ))?;
        }
    }
    skills_found(a, &mut l)?;
    not_counted(a, &mut l)?;
    first_stage(a, &mut l)?;
    l.blank()?;
    l.line("Full detail (all evidence, every gap with courses, the whole plan): --verbose, or --format markdown|json|html")?;
    Ok(())
}

// --- The summary: headline, levels, next skills -------------------------------------------
// With a market (`analysis.market`) the headline is the market fit, then the level table, the
// next skills by postings opened and the gaps that cost the most postings; without one, the
// role coverage and the core gaps.

/// The headline: one or two lines saying where the person stands.
fn headline(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    l.line(&super::market::headline(a))?;
    let extra = if a.summary.extra > 0 {
        format!(" · {} more beyond the role", a.summary.extra)
    } else {
        String::new()
    };
    l.line(&format!(
        "{} of {} role skills found · {} gaps{extra}",
        a.summary.matched, a.summary.role_skills, a.summary.gaps
    ))
}

/// The market: what the fit means, the level table and the next skills.
fn levels(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    if let Some(m) = &a.market {
        for line in super::market::lines(m) {
            l.line(&line)?;
        }
    }
    Ok(())
}

/// The gaps that matter most: with a market, those that cost the most postings; else core
/// first, then important, by demand then hours.
fn next_skills(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    if let Some(m) = &a.market {
        let lines = super::market::gap_lines(a, m);
        if !lines.is_empty() {
            for line in lines {
                l.line(&line)?;
            }
            return Ok(());
        }
    }
    l.blank()?;
    let top = top_gaps(a, SUMMARY_GAPS);
    if top.is_empty() {
        l.heading("Next skills")?;
        return l.line("  none — every skill of the role was found or is implied");
    }
    l.heading(&format!(
        "Next skills (the {} gaps that matter most of {})",
        top.len(),
        a.gaps.len()
    ))?;
    for (i, g) in top.iter().enumerate() {
        let demand = match g.demand {
            Some(_) if a.demand.is_some() => {
                format!(" · in {} of postings", super::plan::demand_pct(g.demand))
            }
            _ => String::new(),
        };
        let provider = g
            .courses
            .first()
            .map_or(String::new(), |c| format!(" · learn at {}", c.provider));
        l.line(&format!(
            "  {}. {} — {} · ~{} h{demand}{provider}",
            i + 1,
            g.name,
            g.importance,
            g.hours
        ))?;
    }
    Ok(())
}

/// The `n` gaps to name first: by importance, then demand (highest first), then fewest hours.
/// Skills taken as known (`implied`) are not gaps to learn.
pub(crate) fn top_gaps(a: &Analysis, n: usize) -> Vec<&Gap> {
    let rank = |i: Importance| match i {
        Importance::Core => 0,
        Importance::Important => 1,
        Importance::Bonus => 2,
    };
    let implied = super::focus::implied_ids(a);
    let mut gaps: Vec<&Gap> = a
        .gaps
        .iter()
        .filter(|g| !implied.contains(g.id.as_str()))
        .collect();
    gaps.sort_by(|x, y| {
        rank(x.importance)
            .cmp(&rank(y.importance))
            .then(y.demand.unwrap_or(0.0).total_cmp(&x.demand.unwrap_or(0.0)))
            .then(x.hours.cmp(&y.hours))
            .then(x.name.cmp(&y.name))
    });
    gaps.truncate(n);
    gaps
}

// ------------------------------------------------------------------------------------------

/// "Languages (3): Python — L4 “Built services in Python…”; Go; SQL" — one line per category.
fn skills_found(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    l.blank()?;
    l.heading(&format!("Skills found ({})", a.matched.len()))?;
    if a.matched.is_empty() {
        return l.line("  none of the taxonomy's skills were found");
    }
    let mut cats: Vec<&str> = Vec::new();
    for m in &a.matched {
        if !cats.contains(&m.category.as_str()) {
            cats.push(&m.category);
        }
    }
    for cat in cats {
        let skills: Vec<_> = a.matched.iter().filter(|m| m.category == cat).collect();
        let items: Vec<String> = skills
            .iter()
            .map(|m| match m.evidence.first() {
                Some(e) => format!("{} (L{})", m.name, e.line),
                None => m.name.clone(),
            })
            .collect();
        l.line(&format!(
            "  {} ({}): {}",
            category_name(cat),
            skills.len(),
            items.join(", ")
        ))?;
    }
    Ok(())
}

fn not_counted(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    if a.negated.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = a
        .negated
        .iter()
        .map(|n| {
            let why = match n.reason {
                crate::matcher::Status::Negated => "negated",
                crate::matcher::Status::Aspirational => "wished for",
                crate::matcher::Status::Hobby => "hobby",
                crate::matcher::Status::Accepted => "counted",
            };
            format!("{} ({why})", n.name)
        })
        .collect();
    l.line(&format!(
        "  Mentioned but not counted: {}",
        items.join(", ")
    ))
}

/// The first stage of the plan, one line per step, then a line on the rest.
fn first_stage(a: &Analysis, l: &mut Lines<'_>) -> io::Result<()> {
    let Some(first) = a.plan.first() else {
        return Ok(());
    };
    let total = a.plan.last().map_or(0, |s| s.cumulative_hours);
    let stage: Vec<_> = a.plan.iter().filter(|s| s.stage == first.stage).collect();
    let stage_hours: u32 = stage.iter().map(|s| s.hours).sum();
    l.blank()?;
    l.heading(&format!(
        "Learning plan: stage {} of {} ({} steps, ~{} h; whole plan {} steps, ~{} h)",
        first.stage,
        a.plan.last().map_or(first.stage, |s| s.stage),
        stage.len(),
        stage_hours,
        a.plan.len(),
        total
    ))?;
    for (n, s) in stage.iter().enumerate() {
        let course = s
            .courses
            .first()
            .map_or(String::new(), |c| format!(" · {}: {}", c.provider, c.title));
        l.line(&format!(
            "  {:>2}. {} — ~{} h · {}{course}",
            n + 1,
            s.name,
            s.hours,
            s.why
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_to_the_width_with_an_ellipsis() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("abcdefghij", 10), "abcdefghij");
        assert_eq!(clip("abcdefghijk", 10), "abcdefghi…");
        assert_eq!(clip("abcdefghijk", 10).width(), 10);
        // Wide characters count two columns.
        assert!(clip("日本語のテキストです", 7).width() <= 7);
    }

    #[test]
    fn columns_fall_back_to_100() {
        let o = |w| RenderOptions {
            width: w,
            ..RenderOptions::default()
        };
        assert_eq!(columns(&o(Some(80))), 80);
        assert_eq!(columns(&o(None)), DEFAULT_WIDTH);
    }
}
