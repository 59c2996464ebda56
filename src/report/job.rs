//! The job-posting views: the `job` block of `analyze --job` (table and Markdown), the ranking of
//! `skillgap match`, and the skill list of `skillgap extract`.

use std::io::{self, Write};

use comfy_table::Cell;

use super::markdown::cell;
use super::table::new_table;
use super::RenderOptions;
use crate::analysis::job::{Found, JobMatch, Level, MissingRequirement, Ranked};
use crate::taxonomy::Taxonomy;

/// Skill names for ids, joined: what a person reads (the JSON keeps the ids).
fn names(tax: &Taxonomy, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .map(|id| tax.skill(id).map_or(id.as_str(), |s| s.name.as_str()))
        .collect();
    names.join(", ")
}

fn years(y: Option<u32>) -> String {
    y.map_or(String::new(), |y| format!(" ({y}+ yrs)"))
}

fn rate_line(j: &JobMatch) -> String {
    let met = |level: Level| {
        j.matched
            .iter()
            .filter(|m| m.requirement.level == level)
            .count()
    };
    let (req, pref) = (met(Level::Required), met(Level::Preferred));
    let alternatives = if j.alternative_met.is_empty() {
        String::new()
    } else {
        format!(" · {} met by an alternative", j.alternative_met.len())
    };
    format!(
        "Match rate {:.1} / 100 · required {req}/{} · preferred {pref}/{}{alternatives} (required weigh 2, preferred 1)",
        j.match_rate,
        req + j.missing_required.len(),
        pref + j.missing_preferred.len()
    )
}

fn providers(m: &MissingRequirement) -> String {
    let mut p: Vec<&str> = Vec::new();
    for c in &m.courses {
        if !p.contains(&c.provider.as_str()) {
            p.push(&c.provider);
        }
    }
    p.join(", ")
}

/// The job block of the terminal report.
pub(super) fn table(
    j: &JobMatch,
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "Job posting: {}", j.source)?;
    writeln!(out, "{}", rate_line(j))?;
    if !j.matched.is_empty() {
        let mut t = new_table(opts, &["Asked", "Level", "Posting", "Resume"]);
        for m in &j.matched {
            let r = &m.requirement;
            let resume = m
                .resume
                .first()
                .map_or(String::new(), |e| format!("L{}: {}", e.line, e.text));
            t.add_row(vec![
                Cell::new(&r.name),
                Cell::new(format!("{}{}", r.level.as_str(), years(r.years))),
                Cell::new(format!("L{}: {}", r.posting.line, r.posting.text)),
                Cell::new(resume),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    for (label, list) in [
        ("Missing required", &j.missing_required),
        ("Missing preferred", &j.missing_preferred),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "{label} ({})", list.len())?;
        let mut t = new_table(opts, &["Skill", "Posting", "Hours", "Learn at", "Tools"]);
        for m in list {
            let r = &m.requirement;
            let tools: Vec<&str> = m.tools.iter().take(3).map(String::as_str).collect();
            t.add_row(vec![
                Cell::new(format!("{}{}", r.name, years(r.years))),
                Cell::new(format!("L{}: {}", r.posting.line, r.posting.text)),
                Cell::new(m.hours),
                Cell::new(providers(m)),
                Cell::new(tools.join(", ")),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if !j.extra.is_empty() {
        let names: Vec<&str> = j.extra.iter().map(|e| e.name.as_str()).collect();
        writeln!(
            out,
            "On the resume, not asked ({}): {}",
            names.len(),
            names.join(", ")
        )?;
    }
    if !j.not_required.is_empty() {
        writeln!(
            out,
            "Named as not required: {}",
            names(tax, &j.not_required)
        )?;
    }
    if !j.alternative_met.is_empty() {
        writeln!(
            out,
            "Not needed, an alternative is met: {}",
            names(tax, &j.alternative_met)
        )?;
    }
    Ok(())
}

/// The job block of the Markdown report.
pub(super) fn markdown(j: &JobMatch, tax: &Taxonomy, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Job posting: {}", cell(&j.source))?;
    writeln!(out)?;
    writeln!(out, "{}", rate_line(j))?;
    writeln!(out)?;
    if !j.matched.is_empty() {
        writeln!(out, "| Asked | Level | Posting | Resume |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for m in &j.matched {
            let r = &m.requirement;
            let resume = m.resume.first().map_or(String::new(), |e| {
                format!("line {}: {}", e.line, cell(&e.text))
            });
            writeln!(
                out,
                "| {} | {}{} | line {}: {} | {} |",
                cell(&r.name),
                r.level.as_str(),
                years(r.years),
                r.posting.line,
                cell(&r.posting.text),
                resume
            )?;
        }
        writeln!(out)?;
    }
    for (label, list) in [
        ("Missing required", &j.missing_required),
        ("Missing preferred", &j.missing_preferred),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "### {label}")?;
        writeln!(out)?;
        for m in list {
            let r = &m.requirement;
            writeln!(
                out,
                "- **{}**{} (~{} h) — posting line {}: {}",
                r.name,
                years(r.years),
                m.hours,
                r.posting.line,
                r.posting.text
            )?;
            for c in &m.courses {
                writeln!(out, "  - [{}]({}) — {}", c.title, c.url, c.provider)?;
            }
            if !m.tools.is_empty() {
                writeln!(out, "  - Tools: {}", m.tools.join(", "))?;
            }
        }
        writeln!(out)?;
    }
    if !j.extra.is_empty() {
        let names: Vec<&str> = j.extra.iter().map(|e| e.name.as_str()).collect();
        writeln!(out, "On the resume, not asked: {}.", names.join(", "))?;
        writeln!(out)?;
    }
    if !j.not_required.is_empty() {
        writeln!(
            out,
            "Named as not required: {}.",
            names(tax, &j.not_required)
        )?;
        writeln!(out)?;
    }
    if !j.alternative_met.is_empty() {
        writeln!(
            out,
            "Not needed, an alternative is met: {}.",
            names(tax, &j.alternative_met)
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// `skillgap match` as a table: rank, rate, posting, missing required skills.
pub(super) fn ranking_table(
    rows: &[Ranked],
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut t = new_table(
        opts,
        &["#", "Match", "Asked", "Posting", "Missing required"],
    );
    for (i, r) in rows.iter().enumerate() {
        let mut name = r.source.clone();
        if let Some(title) = &r.title {
            name = match &r.company {
                Some(c) => format!("{title} — {c} ({name})"),
                None => format!("{title} ({name})"),
            };
        }
        t.add_row(vec![
            Cell::new(i + 1),
            Cell::new(format!("{:.1}", r.match_rate)),
            Cell::new(r.asked),
            Cell::new(name),
            Cell::new(names(tax, &r.missing_required)),
        ]);
    }
    writeln!(out, "{t}")
}

/// `skillgap extract` as a table: one row per skill.
pub(super) fn extract_table(
    found: &[Found],
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut t = new_table(opts, &["Skill", "Status", "Section", "Evidence"]);
    for f in found {
        let e = f.evidence.first();
        let more = if f.occurrences > 1 {
            format!(" (+{} more)", f.occurrences - 1)
        } else {
            String::new()
        };
        t.add_row(vec![
            Cell::new(format!("{} ({})", f.name, f.id)),
            Cell::new(
                serde_json::to_value(f.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
            Cell::new(e.and_then(|e| e.section.clone()).unwrap_or_default()),
            Cell::new(e.map_or(String::new(), |e| format!("L{}: {}{more}", e.line, e.text))),
        ]);
    }
    writeln!(out, "{t}")
}
