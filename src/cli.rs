//! Command-line arguments (clap derive) and their one-time resolution into a [`Config`].
//! Nothing after `resolve` reads raw flags.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use skillgap::report::{self, RenderOptions};
use skillgap::taxonomy::Taxonomy;

const AFTER_HELP: &str = "\
Examples:
  skillgap analyze resume.txt
  skillgap analyze resume.md --format json > report.json
  skillgap analyze --skills \"python, docker, pg\"
  cat resume.txt | skillgap analyze -
  skillgap taxonomy list
  skillgap taxonomy show kubernetes

Exit codes:
  0  success
  1  a requested gate failed (reserved for --fail-under)
  2  usage or input error (the message names the file)
  3  some files of a batch failed (reserved for batch)";

/// Find the backend-developer skills a resume shows, the gaps, and how to close them.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Load the taxonomy from this .toml file or folder instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    pub taxonomy: Option<PathBuf>,

    /// When to use colours (NO_COLOR is honoured by `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a resume, a skill list or a posting: skills found, gaps, courses and tools.
    Analyze(AnalyzeArgs),
    /// Inspect the skill taxonomy.
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The document to read (.txt or .md; `-` reads standard input).
    #[arg(
        value_name = "FILE",
        required_unless_present = "skills",
        conflicts_with = "skills"
    )]
    pub file: Option<PathBuf>,

    /// Analyse a comma-separated skill list instead of a file, e.g. "python, docker, pg".
    #[arg(long, value_name = "LIST")]
    pub skills: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// The role to measure against (see `skillgap taxonomy roles`); default: backend-developer.
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,

    /// Show every gap (bonus ones too) with its courses.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// List every skill with its id, category and importance.
    List {
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one skill: aliases, prerequisites, courses and tools.
    Show {
        /// The skill id, e.g. `kubernetes`.
        id: String,
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// List the role profiles.
    Roles {
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Validate the taxonomy (with --taxonomy: your file or folder) and print a summary.
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Markdown,
}

impl OutputFormat {
    pub fn report(self) -> report::Format {
        match self {
            OutputFormat::Table => report::Format::Table,
            OutputFormat::Json => report::Format::Json,
            OutputFormat::Markdown => report::Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Settings resolved once from the arguments and the environment.
#[derive(Debug)]
pub struct Config {
    pub taxonomy: Taxonomy,
    pub render: RenderOptions,
}

impl Config {
    pub fn resolve(cli: &Cli, verbose: bool) -> Result<Self> {
        let taxonomy = match &cli.taxonomy {
            Some(p) => Taxonomy::from_path(p).context("invalid taxonomy")?,
            None => Taxonomy::embedded().context("built-in taxonomy")?,
        };
        let stdout_tty = std::io::stdout().is_terminal();
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = if stdout_tty { terminal_width() } else { None };
        Ok(Config {
            taxonomy,
            render: RenderOptions {
                color,
                verbose,
                width,
            },
        })
    }

    pub fn role(&self, id: Option<&str>) -> Result<&skillgap::taxonomy::Role> {
        match id {
            None => Ok(self.taxonomy.default_role()),
            Some(id) => match self.taxonomy.role(id) {
                Some(r) => Ok(r),
                None => {
                    let known: Vec<&str> =
                        self.taxonomy.roles.iter().map(|r| r.id.as_str()).collect();
                    bail!("unknown role `{id}` (known: {})", known.join(", "))
                }
            },
        }
    }
}

/// Table width on a terminal: $COLUMNS when set, else 0 (comfy-table asks the terminal).
fn terminal_width() -> Option<u16> {
    Some(
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
