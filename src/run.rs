//! Runs one command with a resolved [`Config`] and writes its output to stdout.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{Cli, Command, Config, ListFormat, TaxonomyCommand};
use skillgap::analysis;
use skillgap::input::{self, Document, Limits};
use skillgap::matcher::Matcher;
use skillgap::report;
use skillgap::taxonomy::{Course, Importance, Taxonomy};

/// Usage or input error.
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: &Cli) -> Result<ExitCode> {
    let verbose = matches!(&cli.command, Command::Analyze(a) if a.verbose);
    let config = Config::resolve(cli, verbose)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match &cli.command {
        Command::Analyze(args) => {
            let role = config.role(args.role.as_deref())?;
            let doc = match (&args.file, &args.skills) {
                (_, Some(list)) => Document::from_skill_list(list),
                (Some(path), None) => input::read_path(
                    path,
                    &Limits {
                        max_bytes: args.max_size,
                    },
                )?,
                (None, None) => unreachable!("clap requires FILE or --skills"),
            };
            let matcher = Matcher::new(&config.taxonomy);
            let result = analysis::analyze(&matcher, &doc, role);
            report::render(args.format.report(), &result, &config.render, &mut out)?;
        }
        Command::Taxonomy(cmd) => taxonomy(&config.taxonomy, cmd, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// True when the error is a closed stdout (`skillgap ... | head`): not worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[derive(Serialize)]
struct SkillRow<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    importance: Importance,
}

#[derive(Serialize)]
struct SkillDetail<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    importance: Importance,
    description: &'a str,
    hours: u32,
    aliases: Vec<&'a str>,
    prerequisites: &'a [String],
    tools: &'a [String],
    practice: Option<&'a str>,
    courses: &'a [Course],
}

#[derive(Serialize)]
struct RoleRow<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    skills: usize,
}

fn taxonomy(tax: &Taxonomy, cmd: &TaxonomyCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TaxonomyCommand::List { format } => {
            let rows: Vec<SkillRow> = tax
                .sorted_skills()
                .into_iter()
                .map(|s| SkillRow {
                    id: &s.id,
                    name: &s.name,
                    category: &s.category,
                    importance: s.importance,
                })
                .collect();
            match format {
                ListFormat::Json => json_line(&rows, out)?,
                ListFormat::Table => {
                    for r in &rows {
                        writeln!(
                            out,
                            "{:<28} {:<34} {:<10} {}",
                            r.id, r.category, r.importance, r.name
                        )?;
                    }
                }
            }
        }
        TaxonomyCommand::Show { id, format } => {
            let s = tax.skill(id).with_context(|| {
                format!("unknown skill id `{id}` (see `skillgap taxonomy list`)")
            })?;
            let d = SkillDetail {
                id: &s.id,
                name: &s.name,
                category: &s.category,
                importance: s.importance,
                description: &s.description,
                hours: s.hours,
                aliases: s.aliases.iter().map(|a| a.text.as_str()).collect(),
                prerequisites: &s.prerequisites,
                tools: &s.tools,
                practice: s.practice.as_deref(),
                courses: &s.courses,
            };
            match format {
                ListFormat::Json => json_line(&d, out)?,
                ListFormat::Table => {
                    writeln!(out, "{} ({})", d.name, d.id)?;
                    writeln!(out, "  category:      {}", d.category)?;
                    writeln!(out, "  importance:    {}", d.importance)?;
                    writeln!(out, "  description:   {}", d.description)?;
                    writeln!(out, "  effort:        ~{} hours", d.hours)?;
                    writeln!(out, "  aliases:       {}", d.aliases.join(", "))?;
                    writeln!(
                        out,
                        "  prerequisites: {}",
                        if d.prerequisites.is_empty() {
                            "-".to_string()
                        } else {
                            d.prerequisites.join(", ")
                        }
                    )?;
                    writeln!(out, "  tools:         {}", d.tools.join(", "))?;
                    if let Some(p) = d.practice {
                        writeln!(out, "  practice:      {p}")?;
                    }
                    writeln!(out, "  courses:")?;
                    for c in d.courses {
                        writeln!(out, "    - {}: {} <{}>", c.provider, c.title, c.url)?;
                    }
                }
            }
        }
        TaxonomyCommand::Roles { format } => {
            let rows: Vec<RoleRow> = tax
                .roles
                .iter()
                .map(|r| RoleRow {
                    id: &r.id,
                    name: &r.name,
                    description: &r.description,
                    skills: r.skills.len(),
                })
                .collect();
            match format {
                ListFormat::Json => json_line(&rows, out)?,
                ListFormat::Table => {
                    for r in &rows {
                        writeln!(out, "{:<24} {:>3} skills  {}", r.id, r.skills, r.name)?;
                    }
                }
            }
        }
        TaxonomyCommand::Check => {
            let cats = tax.categories();
            writeln!(
                out,
                "ok: {} skills in {} categories, {} roles, {} providers",
                tax.skills.len(),
                cats.len(),
                tax.roles.len(),
                tax.providers.len()
            )?;
        }
    }
    Ok(())
}

fn json_line<T: Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
