//! The terminal report: score, skills found with evidence, what was not counted, gaps with where
//! to learn them, and coverage per category.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table};

use super::{focus_gaps, RenderOptions};
use crate::analysis::Analysis;
use crate::matcher::{MatchKind, Status};
use crate::taxonomy::Importance;

pub(super) fn render(
    a: &Analysis,
    tax: &crate::taxonomy::Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Painter(opts.color);
    writeln!(
        out,
        "{} {} ({}) · role: {}",
        paint.bold("skillgap"),
        a.source.path,
        a.source.format,
        a.role.name
    )?;
    let score_color = if a.score >= 70.0 {
        "32"
    } else if a.score >= 40.0 {
        "33"
    } else {
        "31"
    };
    writeln!(
        out,
        "{}",
        paint.code(score_color, &super::market::headline(a))
    )?;
    if let Some(m) = &a.market {
        super::market::text(a, m, out)?;
    }
    writeln!(
        out,
        "{} of {} role skills found{}",
        a.summary.matched,
        a.summary.role_skills,
        if a.summary.extra > 0 {
            format!(" · {} more beyond the role", a.summary.extra)
        } else {
            String::new()
        }
    )?;

    if let Some(job) = &a.job {
        super::job::table(job, tax, opts, out)?;
    }
    super::plan::table_fit(a, opts, out)?;

    writeln!(out)?;
    writeln!(out, "{}", paint.bold("Skills found"))?;
    if a.matched.is_empty() {
        writeln!(out, "  none of the taxonomy's skills were found")?;
    } else {
        let mut t = new_table(
            opts,
            &["Skill", "Category", "Importance", "Match", "Evidence"],
        );
        for m in &a.matched {
            let ev = m.evidence.first();
            let evidence = ev.map_or(String::new(), |e| {
                let more = if m.occurrences > 1 {
                    format!(" (+{} more)", m.occurrences - 1)
                } else {
                    String::new()
                };
                format!("L{}: {}{}", e.line, e.text, more)
            });
            let how = match m.how {
                MatchKind::Fuzzy => format!("fuzzy {:.2}", m.confidence),
                MatchKind::Exact => "exact".to_string(),
                MatchKind::Alias => format!("alias “{}”", ev.map_or("", |e| e.matched.as_str())),
            };
            let mut name = Cell::new(&m.name);
            if opts.color {
                name = name.add_attribute(Attribute::Bold);
            }
            t.add_row(vec![
                name,
                Cell::new(&m.category),
                importance_cell(m.importance, opts.color, m.in_role),
                color_if(
                    Cell::new(how),
                    opts.color && m.how == MatchKind::Fuzzy,
                    Color::Yellow,
                ),
                Cell::new(evidence),
            ]);
        }
        writeln!(out, "{t}")?;
    }

    if !a.negated.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint.bold("Mentioned but not counted"))?;
        for n in &a.negated {
            let why = match n.reason {
                Status::Negated => "negated",
                Status::Aspirational => "wished for",
                Status::Hobby => "hobby",
                Status::Accepted => "counted",
            };
            let e = n.evidence.first();
            writeln!(
                out,
                "  {} — {}{}",
                n.name,
                why,
                e.map_or(String::new(), |e| format!(", L{}: {}", e.line, e.text))
            )?;
        }
    }

    writeln!(out)?;
    let (shown, rest) = focus_gaps(a, opts.verbose);
    writeln!(
        out,
        "{}",
        paint.bold(&format!("Gaps ({} missing)", a.gaps.len()))
    )?;
    if a.gaps.is_empty() {
        writeln!(out, "  none — every skill of the role was found")?;
    } else if !shown.is_empty() {
        let mut t = new_table(
            opts,
            &[
                "Skill",
                "Importance",
                "Hours",
                "Demand",
                "Learn at",
                "Tools",
            ],
        );
        for g in &shown {
            let mut providers: Vec<&str> = Vec::new();
            for c in &g.courses {
                if !providers.contains(&c.provider.as_str()) {
                    providers.push(&c.provider);
                }
            }
            let tools: Vec<&str> = g.tools.iter().take(3).map(String::as_str).collect();
            t.add_row(vec![
                Cell::new(&g.name),
                importance_cell(g.importance, opts.color, true),
                Cell::new(g.hours),
                Cell::new(super::plan::demand_pct(g.demand)),
                Cell::new(providers.join(", ")),
                Cell::new(tools.join(", ")),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    if !rest.is_empty() {
        let names: Vec<&str> = rest.iter().map(|g| g.name.as_str()).collect();
        writeln!(
            out,
            "  Bonus skills also missing ({}): {}",
            rest.len(),
            names.join(", ")
        )?;
        writeln!(out, "  (--verbose lists them with courses)")?;
    }

    writeln!(out)?;
    writeln!(out, "{}", paint.bold("Coverage by category"))?;
    let mut t = new_table(opts, &["Category", "Found", "Coverage"]);
    for c in &a.categories {
        let filled = (c.coverage / 10.0).round() as usize;
        let bar = format!(
            "{}{} {:>5.1}%",
            "█".repeat(filled),
            "░".repeat(10 - filled.min(10)),
            c.coverage
        );
        t.add_row(vec![
            Cell::new(&c.category),
            Cell::new(format!("{}/{}", c.matched, c.total)),
            Cell::new(bar),
        ]);
    }
    writeln!(out, "{t}")?;

    super::plan::table_plan(a, tax, opts, out)?;
    super::plan::table_career(a, opts, out)?;
    Ok(())
}

pub(super) fn new_table(opts: &RenderOptions, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    match opts.width {
        Some(0) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            // A terminal that reports 0 columns (seen under `script`) would collapse every
            // column to one character: use the default width instead.
            if t.width().is_none_or(|w| w == 0) {
                t.set_width(super::terminal::DEFAULT_WIDTH as u16);
            }
        }
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t.set_header(header.iter().map(|h| {
        let c = Cell::new(h);
        if opts.color {
            c.add_attribute(Attribute::Bold)
        } else {
            c
        }
    }));
    if !opts.color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    t
}

fn importance_cell(i: Importance, color: bool, in_role: bool) -> Cell {
    let label = if in_role {
        i.as_str().to_string()
    } else {
        format!("{i} (beyond role)")
    };
    let c = Cell::new(label);
    let fg = match i {
        Importance::Core => Color::Red,
        Importance::Important => Color::Yellow,
        Importance::Bonus => Color::Cyan,
    };
    color_if(c, color, fg)
}

fn color_if(c: Cell, on: bool, color: Color) -> Cell {
    if on {
        c.fg(color)
    } else {
        c
    }
}

/// Minimal ANSI styling for the lines outside tables.
struct Painter(bool);

impl Painter {
    fn code(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn bold(&self, s: &str) -> String {
        self.code("1", s)
    }
}
