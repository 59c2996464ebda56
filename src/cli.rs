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
  skillgap analyze resume.pdf --format html > report.html   # a page of your own, offline
  skillgap analyze --skills \"python, docker, pg\"
  cat resume.txt | skillgap analyze -
  skillgap taxonomy list
  skillgap taxonomy show k8s                   # any id, name or alias
  skillgap fit resume.pdf                      # which role fits best, and the plan for it
  skillgap analyze resume.pdf --role auto      # the full report for the best-fit role
  skillgap analyze resume.pdf --job posting.md # match rate against one job ad
  skillgap analyze resume.pdf --level entry    # market fit against entry-level postings only
  skillgap analyze resume.pdf --market jobs/   # market fit against your own postings
  skillgap market                              # the job market: most asked-for skills, by level
  skillgap match resume.pdf jobs/ --top 10     # rank many job ads for one resume
  skillgap extract posting.md --format json    # the skills any document names
  skillgap roles
  skillgap batch resumes/ --glob '*.pdf' --format html -o cohort.html
  skillgap batch resumes/ -j2 > people.jsonl && skillgap summarize people.jsonl
  skillgap analyze resume.pdf --fail-under 60 --require docker,postgresql   # CI gate: exit 1
  skillgap batch resumes/ -q --fail-under 50 > people.jsonl  # who is under 50 (on stderr)
  skillgap completions bash > ~/.local/share/bash-completion/completions/skillgap
  skillgap man > skillgap.1 && man -l skillgap.1

-q/--quiet keeps standard error to errors and gate failures (no progress bar, no notes);
-v/--verbose shows every gap in reports and notes what was loaded and how long it took.

Exit codes:
  0  success (and every requested gate passed)
  1  a gate failed: the score (market fit, or role coverage where no market applies) is under
     --fail-under, or a --require'd skill is missing
  2  usage or input error (the message names the file)
  3  some files of a batch failed (each is a row with its error, the rest are reported);
     this outranks 1";

/// Parse the command line, exiting with clap's message on a usage error; a missing FILE says
/// how else a document can be given.
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|e| with_tips(e).exit())
}

/// Add a tip to the usage errors that leave a new user guessing.
fn with_tips(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let missing_file = e.kind() == ErrorKind::MissingRequiredArgument
        && matches!(e.get(ContextKind::InvalidArg), Some(ContextValue::Strings(args))
            if args.iter().any(|a| a == "<FILE>"));
    if missing_file {
        e.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![
                "give a file (PDF, DOCX, JSON Resume, HTML, Markdown or text), `-` to read standard input, or --skills \"python, docker, pg\""
                    .into(),
            ]),
        );
    }
    e
}

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
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Only errors and gate failures on standard error: no progress bar, no notes, no warnings.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// More detail: `analyze` and `fit` show and plan every gap (bonus ones too); every command
    /// notes on standard error which taxonomy it loaded and how long each stage took.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a resume, a skill list or a posting: skills found, gaps, courses and tools.
    Analyze(AnalyzeArgs),
    /// Rank every role by how well a resume fits it, explain the top three, plan for the best.
    Fit(FitArgs),
    /// List the role profiles (ids for `analyze --role`).
    Roles {
        #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Inspect the skill taxonomy.
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
    /// Analyse many documents in parallel: per-person JSON Lines or CSV, or a cohort report.
    Batch(BatchArgs),
    /// Merge per-person JSON Lines written by `batch` into the cohort summary.
    Summarize(SummarizeArgs),
    /// List the skills found in any document (resume or posting), with evidence and section.
    Extract(ExtractArgs),
    /// Rank job postings (files, folders, JSON Lines) by how well a resume matches them.
    Match(MatchArgs),
    /// The job market: how many postings, the skills they ask for most, by level, what goes together.
    Market(MarketCommandArgs),
    /// Print a shell completion script to standard output.
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    #[command(after_help = "Example:\n  skillgap man > skillgap.1 && man -l skillgap.1")]
    Man,
}

const COMPLETIONS_AFTER_HELP: &str = "\
Install (open a new shell afterwards):
  bash        skillgap completions bash > ~/.local/share/bash-completion/completions/skillgap
  zsh         skillgap completions zsh > ~/.zfunc/_skillgap   # with fpath+=(~/.zfunc) before compinit
  fish        skillgap completions fish > ~/.config/fish/completions/skillgap.fish
  powershell  skillgap completions powershell >> $PROFILE
  elvish      skillgap completions elvish >> ~/.config/elvish/rc.elv";

/// `--fail-under` and `--require`: exit 1 when the analysis misses the bar.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Gate: exit 1 when the score (the headline: market fit, or role coverage where no market
    /// applies) is under SCORE (0-100).
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub fail_under: Option<f64>,

    /// Gate: exit 1 when one of these skill ids is not found (comma-separated or repeated; see
    /// `skillgap taxonomy list`).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub require: Vec<String>,
}

impl GateArgs {
    pub fn resolve(&self, taxonomy: &Taxonomy) -> Result<skillgap::analysis::gate::Gate> {
        Ok(skillgap::analysis::gate::Gate::new(
            taxonomy,
            self.fail_under,
            &self.require,
        )?)
    }
}

fn parse_score(s: &str) -> Result<f64, String> {
    skillgap::analysis::gate::parse_score(s)
        .map_err(|_| "expected a number from 0 to 100".to_string())
}

/// `--market`, `--level`, `--ready-at`: the job market a resume is measured against.
#[derive(Debug, Args)]
pub struct MarketArgs {
    /// Measure against these job postings instead of the built-in market (2,871 US backend
    /// postings): a JSON Lines file with a `description` per line (optional `job_level`,
    /// `date_posted`), posting files (Markdown, text, HTML, PDF, DOCX), a folder of them, or a
    /// `.tsv` written by `skillgap market --format tsv`.
    #[arg(long, value_name = "FILE_OR_FOLDER", conflicts_with = "no_market")]
    pub market: Option<PathBuf>,

    /// Measure against no market: the headline is the role coverage.
    #[arg(long)]
    pub no_market: bool,

    /// Only the market's postings of this level: internship, entry, associate, mid-senior,
    /// director, executive or unspecified.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,

    /// Ready for a posting means a match rate of at least this (0-100).
    #[arg(long, value_name = "RATE", default_value_t = skillgap::analysis::market::DEFAULT_READY_AT, value_parser = parse_score)]
    pub ready_at: f64,
}

/// The document a command reads: a file (or `-`) or a skill list given on the command line.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The document to read: PDF, DOCX, JSON Resume, HTML, Markdown or text (`-` reads standard input).
    #[arg(
        value_name = "FILE",
        required_unless_present = "skills",
        conflicts_with = "skills"
    )]
    pub file: Option<PathBuf>,

    /// Use a comma-separated skill list instead of a file, e.g. "python, docker, pg".
    #[arg(long, value_name = "LIST")]
    pub skills: Option<String>,
}

const ANALYZE_AFTER_HELP: &str = "\
Examples:
  skillgap analyze resume.txt
  skillgap analyze resume.md --format json > report.json
  skillgap analyze resume.pdf --format html > report.html   # one self-contained page
  skillgap analyze resume.pdf --format md > report.md
  skillgap analyze --skills \"python, docker, pg\" -v     # every gap, planned
  skillgap analyze resume.pdf --role auto
  skillgap analyze resume.pdf --job posting.md
  skillgap analyze resume.pdf --fail-under 60 --require docker,postgresql

The report is always written in full; each failed gate adds a line on standard error, e.g.
  skillgap: gate: score 42.1 (market fit) is under 60
  skillgap: gate: required skill `docker` not found

Exit codes:
  0  success (and every requested gate passed)
  1  a gate failed
  2  usage or input error (an unknown --require id, a --fail-under outside 0-100, a bad file)";

#[derive(Debug, Args)]
#[command(after_help = ANALYZE_AFTER_HELP)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: DocumentArgs,

    /// Output format, any case: table (one screen; -v the full report), json (docs/json.md),
    /// markdown or md (a report to keep), html (one self-contained page, offline).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// The role to measure against (see `skillgap roles`), or `auto` for the role the document
    /// fits best (the ranking is shown too); default: backend-developer.
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,

    /// Measure against this job posting (any supported format, `-` reads standard input): match
    /// rate, required and preferred skills met and missing, skills the ad does not ask for.
    #[arg(long, value_name = "POSTING")]
    pub job: Option<PathBuf>,

    #[command(flatten)]
    pub market: MarketArgs,

    #[command(flatten)]
    pub gate: GateArgs,
}

/// Arguments of `skillgap extract`.
#[derive(Debug, Args)]
#[command(after_help = EXTRACT_AFTER_HELP)]
pub struct ExtractArgs {
    /// The document to read (`-` reads standard input). With --format jsonl: files and folders
    /// as `batch` takes them (`-` is then a list of paths, `.jsonl` files are records).
    #[arg(value_name = "FILE", required_unless_present = "jsonl_in")]
    pub files: Vec<PathBuf>,

    /// Output format (jsonl: one line per document with its id, for many documents).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ExtractFormat::Table)]
    pub format: ExtractFormat,

    /// Read JSON Lines records from standard input, as `batch --jsonl-in` (implies jsonl).
    #[arg(long)]
    pub jsonl_in: bool,

    /// The record field holding the id.
    #[arg(long, value_name = "FIELD", default_value = "id")]
    pub id_field: String,

    /// The record field holding the document text.
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub text_field: String,

    /// Only take files in folders whose path matches (as `batch --glob`).
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,

    /// A document that fails is a line with its error, but not a failing exit.
    #[arg(long)]
    pub engine: bool,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,
}

const EXTRACT_AFTER_HELP: &str = "\
Examples:
  skillgap extract posting.md
  skillgap extract posting.md --format json
  skillgap extract postings/ --format jsonl > skills.jsonl
  skillgap extract --jsonl-in --text-field description < postings.jsonl";

impl ExtractArgs {
    /// One JSON line per document (many documents) rather than one report.
    pub fn many(&self) -> bool {
        self.jsonl_in || self.format == ExtractFormat::Jsonl
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Table,
    Json,
    /// One line per document: {"id", "source", "skills"} or {"id", "error"}.
    Jsonl,
}

impl ExtractFormat {
    pub fn report(self) -> report::Format {
        match self {
            ExtractFormat::Table => report::Format::Table,
            ExtractFormat::Json | ExtractFormat::Jsonl => report::Format::Json,
        }
    }
}

/// Arguments of `skillgap match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The resume (`-` reads standard input).
    #[arg(value_name = "RESUME")]
    pub resume: PathBuf,

    /// Postings: files, folders (their files, not recursive) or JSON Lines files (`.jsonl`) with
    /// a `description` field (and optional `id`, `title`, `company`) per line.
    #[arg(value_name = "JOBS", required = true)]
    pub jobs: Vec<PathBuf>,

    /// Show only the N best matches.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Output format (json: an array of {source, match_rate, missing_required}, best first).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,
}

/// Arguments of `skillgap fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    #[command(flatten)]
    pub input: DocumentArgs,

    /// Output format, any case (json: the `analyze` object for the best role, with `fit` set;
    /// html: the page of `analyze --format html`, the ranking first).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,

    #[command(flatten)]
    pub market: MarketArgs,
}

const MARKET_AFTER_HELP: &str = "\
Examples:
  skillgap market                               # the built-in market: 2,871 US backend postings
  skillgap market --level entry --format markdown
  skillgap market --market my-city-jobs.jsonl   # your own postings
  skillgap market --market ads/ --format tsv > my-market.tsv   # read once, reuse with --market

Exit codes:
  0  success
  2  usage or input error (a missing or broken --market, an unknown --level)";

/// Arguments of `skillgap market`.
#[derive(Debug, Args)]
#[command(after_help = MARKET_AFTER_HELP)]
pub struct MarketCommandArgs {
    /// Output format (tsv: the market itself, for `--market`).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = MarketFormat::Table)]
    pub format: MarketFormat,

    /// How many skills to list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,

    /// Refuse posting files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,

    #[command(flatten)]
    pub market: MarketArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarketFormat {
    Table,
    Json,
    #[value(alias = "md")]
    Markdown,
    Tsv,
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// List every skill with its id, category and importance.
    List {
        #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one skill: aliases, prerequisites, courses and tools.
    Show {
        /// The skill: its id, name or any alias, in any case (`kubernetes`, `Kubernetes`, `k8s`).
        #[arg(value_name = "SKILL")]
        id: String,
        #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// List the role profiles.
    Roles {
        #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Validate the taxonomy (with --taxonomy: your file or folder) and print a summary.
    Check,
    /// Print every alias of every skill, one per line (for benchmarks against `rg -f`).
    #[command(hide = true)]
    Aliases,
}

// No doc comments on the values: they would turn `--help` into the long layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    #[value(alias = "md")]
    Markdown,
    Html,
}

impl OutputFormat {
    pub fn report(self) -> report::Format {
        match self {
            OutputFormat::Table => report::Format::Table,
            OutputFormat::Json => report::Format::Json,
            OutputFormat::Markdown => report::Format::Markdown,
            OutputFormat::Html => report::Format::Html,
        }
    }
}

const BATCH_AFTER_HELP: &str = "\
Examples:
  skillgap batch resumes/ > people.jsonl
  skillgap batch resumes/ --glob '*.pdf' --glob '*.docx' --format html -o cohort.html
  find . -name '*.txt' | skillgap batch - --format csv
  producer | skillgap batch --jsonl-in --format jsonl | consumer
  skillgap batch postings.jsonl --text-field description --keep-field title --engine
  skillgap batch resumes/ -q --fail-under 50 --require sql --format csv -o people.csv

Output order is the input order (folders in path order), whatever the thread count.
With a gate, a person fails when their score is under --fail-under or a --require'd skill is
missing; the report is still written in full, with one line on stderr per failing person.

Exit codes:
  0  every document was analysed (and every person passed the gates)
  1  some people failed a gate (and every document was analysed)
  2  usage error, or the output could not be written
  3  some documents failed: each is a row with its error and a line on stderr, the rest are
     reported; this outranks 1 (with --engine: 0)";

/// Arguments of `skillgap batch`.
#[derive(Debug, Args)]
#[command(after_help = BATCH_AFTER_HELP)]
pub struct BatchArgs {
    /// Files and folders (searched recursively, hidden entries skipped); `-` reads a list of
    /// paths from standard input, one per line.
    #[arg(
        value_name = "PATH",
        required_unless_present = "jsonl_in",
        conflicts_with = "jsonl_in"
    )]
    pub paths: Vec<PathBuf>,

    /// Read JSON Lines records {"id": .., "text": ..} from standard input instead of files
    /// (`.jsonl` files given as PATH, or found in folders, are read as records too). Other
    /// fields are ignored; a record may carry a base64 `data` field (with an optional `name`
    /// whose extension hints at the format) instead of text, for PDF, DOCX or HTML documents.
    #[arg(long)]
    pub jsonl_in: bool,

    /// The record field holding the id (a string or a number, kept as `source.id`).
    #[arg(long, value_name = "FIELD", default_value = "id")]
    pub id_field: String,

    /// The record field holding the document text.
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub text_field: String,

    /// Pass this record field through into the output row as `source.fields.FIELD`
    /// (repeatable or comma-separated).
    #[arg(long, value_name = "FIELD", value_delimiter = ',')]
    pub keep_field: Vec<String>,

    /// Engine mode (Spark, GNU parallel): a document that fails is a row with its error and a
    /// line on stderr but not a failing exit, and gates are reported in the rows only; usage
    /// errors still exit 2 before any output.
    #[arg(long)]
    pub engine: bool,

    /// Only take files in folders whose path below the folder matches (repeatable; `!GLOB`
    /// excludes), e.g. --glob '*.pdf'. Without one, folders give their document files (txt, md,
    /// pdf, docx, html, json, jsonl) and stderr says how many other files were skipped.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Output format: per person (jsonl, csv) or for the cohort (markdown, html, json).
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = BatchFormatArg::Jsonl)]
    pub format: BatchFormatArg,

    /// With --format csv: one row per person and skill instead of one per person.
    #[arg(long)]
    pub long: bool,

    /// With --format jsonl: write each person's full analysis (the schema of `analyze --format
    /// json`, ~60 KB) instead of the slim row (ids, figures, first evidence; a few KB).
    #[arg(long)]
    pub full: bool,

    /// Like --full, and keep each gap's description, courses and tools and each plan step's
    /// courses, tools and practice project: the same for everyone (see `skillgap taxonomy show
    /// ID`), so --full leaves them empty; the HTML report always has them.
    #[arg(long)]
    pub details: bool,

    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// The role to measure against (see `skillgap taxonomy roles`); default: backend-developer.
    #[arg(long, value_name = "ID")]
    pub role: Option<String>,

    /// Refuse documents larger than this many bytes (each is then a failed row).
    #[arg(long, value_name = "BYTES", default_value_t = skillgap::input::DEFAULT_MAX_BYTES)]
    pub max_size: u64,

    #[command(flatten)]
    pub market: MarketArgs,

    #[command(flatten)]
    pub gate: GateArgs,
}

/// Arguments of `skillgap summarize`.
#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// JSON Lines written by `skillgap batch --format jsonl`: files (`.gz` too), folders (their
    /// files, skipping `_SUCCESS`, `*.crc` and hidden ones, as Spark writes them) or `-` for
    /// standard input. The output does not depend on the order of the rows.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Output format of the merged cohort.
    #[arg(long, short = 'f', value_enum, ignore_case = true, default_value_t = BatchFormatArg::Markdown)]
    pub format: BatchFormatArg,

    /// With --format csv: one row per person and skill.
    #[arg(long)]
    pub long: bool,

    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 0 even when the rows hold failed documents (they are in the summary); without it
    /// such rows make the exit code 3, as in the batch that wrote them.
    #[arg(long)]
    pub engine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormatArg {
    /// One slim row per line (`batch --full`: the analysis, as `analyze --format json`).
    Jsonl,
    /// One row per person (or per person and skill with --long).
    Csv,
    /// Cohort summary and a per-person table.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained page with charts and a sortable table.
    Html,
    /// The cohort summary as one JSON object.
    Json,
}

impl BatchFormatArg {
    pub fn resolve(self, long: bool) -> Result<report::batch::BatchFormat> {
        use report::batch::BatchFormat;
        Ok(match (self, long) {
            (BatchFormatArg::Csv, true) => BatchFormat::CsvLong,
            (_, true) => bail!("--long applies to --format csv only"),
            (BatchFormatArg::Jsonl, _) => BatchFormat::Jsonl,
            (BatchFormatArg::Csv, _) => BatchFormat::Csv,
            (BatchFormatArg::Markdown, _) => BatchFormat::Markdown,
            (BatchFormatArg::Html, _) => BatchFormat::Html,
            (BatchFormatArg::Json, _) => BatchFormat::Json,
        })
    }
}

/// `batch` settings resolved once from its arguments.
#[derive(Debug)]
pub struct BatchConfig {
    pub format: report::batch::BatchFormat,
    pub filter: skillgap::batch::Filter,
    /// `None`: one thread per core.
    pub threads: Option<usize>,
    /// Draw a progress bar (standard error is a terminal and not --quiet).
    pub progress: bool,
    pub limits: skillgap::input::Limits,
    /// Keep the skills' catalogue text (descriptions, courses, tools) in each full analysis.
    pub catalogue: bool,
}

impl BatchArgs {
    /// Which record fields hold what.
    pub fn record_spec(&self) -> skillgap::batch::RecordSpec {
        skillgap::batch::RecordSpec {
            id_field: self.id_field.clone(),
            text_field: self.text_field.clone(),
            keep: self.keep_field.clone(),
            ..Default::default()
        }
    }
}

impl BatchConfig {
    pub fn resolve(args: &BatchArgs, quiet: bool) -> Result<Self> {
        if args.threads == Some(0) {
            bail!("--threads must be at least 1");
        }
        use report::batch::BatchFormat;
        let format = match (args.format.resolve(args.long)?, args.full || args.details) {
            (BatchFormat::Jsonl, true) => BatchFormat::JsonlFull,
            (format, false) => format,
            (_, true) => bail!(
                "--{} applies to --format jsonl only",
                if args.full { "full" } else { "details" }
            ),
        };
        Ok(BatchConfig {
            catalogue: args.details,
            format,
            filter: skillgap::batch::Filter::new(&args.glob)?,
            threads: args.threads,
            progress: !quiet && std::io::stderr().is_terminal(),
            limits: skillgap::input::Limits {
                max_bytes: args.max_size,
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

impl ListFormat {
    pub fn report(self) -> report::Format {
        match self {
            ListFormat::Table => report::Format::Table,
            ListFormat::Json => report::Format::Json,
        }
    }
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
    pub fn resolve(cli: &Cli) -> Result<Self> {
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
        let width = terminal_width(stdout_tty);
        Ok(Config {
            taxonomy,
            render: RenderOptions {
                color,
                verbose: cli.verbose,
                width,
            },
        })
    }

    pub fn role(&self, id: Option<&str>) -> Result<&skillgap::taxonomy::Role> {
        match id {
            None => Ok(self.taxonomy.default_role()),
            Some(id) => match self.taxonomy.find_role(id) {
                Some(r) => Ok(r),
                None => {
                    let known: Vec<&str> =
                        self.taxonomy.roles.iter().map(|r| r.id.as_str()).collect();
                    let hint = self
                        .taxonomy
                        .closest_role(id)
                        .map(|r| format!(" (did you mean `{r}`?)"))
                        .unwrap_or_default();
                    bail!("unknown role `{id}`{hint} (known: {})", known.join(", "))
                }
            },
        }
    }
}

/// Report width: $COLUMNS when set to a positive number (also when piped), else on a terminal
/// 0 (ask the terminal; a 0-column answer falls back to 100), else unknown.
fn terminal_width(stdout_tty: bool) -> Option<u16> {
    match std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
    {
        Some(n) if n > 0 => Some(n),
        _ if stdout_tty => Some(0),
        _ => None,
    }
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
