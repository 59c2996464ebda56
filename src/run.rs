//! Runs one command with a resolved [`Config`] and writes its output to stdout.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{Cli, Command, Config, DocumentArgs, ListFormat, TaxonomyCommand};
use skillgap::analysis::job;
use skillgap::analysis::plan::PlanScope;
use skillgap::analysis::{market, Analysis};
use skillgap::input::{self, Document, Limits};
use skillgap::matcher::Matcher;
use skillgap::pipeline;
use skillgap::report;
use skillgap::row::Row;
use skillgap::taxonomy::{Course, Importance, Taxonomy};

/// A requested gate failed (`--fail-under`, `--require`).
pub const EXIT_GATE_FAILED: u8 = 1;

/// Usage or input error.
pub const EXIT_ERROR: u8 = 2;

/// Informational notes on standard error: shown with --verbose, never with --quiet.
#[derive(Debug, Clone, Copy)]
struct Notes {
    on: bool,
}

impl Notes {
    fn note(self, message: impl FnOnce() -> String) {
        if self.on {
            eprintln!("skillgap: note: {}", message());
        }
    }

    /// A stage and how long it took.
    fn stage(self, since: Instant, what: impl FnOnce() -> String) {
        self.note(|| format!("{} ({})", what(), ms(since.elapsed())));
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub fn run(cli: &Cli) -> Result<ExitCode> {
    let notes = Notes {
        on: cli.verbose && !cli.quiet,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match &cli.command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "skillgap", &mut out);
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Man => {
            man_page(&mut out)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let started = Instant::now();
    let config = Config::resolve(cli)?;
    notes.stage(started, || {
        let t = &config.taxonomy;
        format!(
            "taxonomy {}: {} skills in {} categories, {} roles",
            cli.taxonomy
                .as_deref()
                .map_or_else(|| "built-in".to_string(), |p| p.display().to_string()),
            t.skills.len(),
            t.categories().len(),
            t.roles.len()
        )
    });
    match &cli.command {
        Command::Analyze(args) => {
            let role = pipeline::role_choice(&config.taxonomy, args.role.as_deref())?;
            let gate = args.gate.resolve(&config.taxonomy)?;
            let stdin = Some(std::path::Path::new("-"));
            if args.job.as_deref() == stdin && args.input.file.as_deref() == stdin {
                anyhow::bail!("only one of FILE and --job can be `-` (standard input)");
            }
            let doc = read_document(&args.input, args.max_size, notes)?;
            let started = Instant::now();
            let limits = Limits {
                max_bytes: args.max_size,
            };
            let posting = args
                .job
                .as_deref()
                .map(|path| input::read_path(path, &limits))
                .transpose()?;
            let mut texts = vec![doc.text.as_str()];
            texts.extend(posting.as_ref().map(|p| p.text.as_str()));
            let matcher = matcher_for(&config, &texts, &args.market);
            let market = load_market(&matcher, &args.market, args.max_size, notes)?;
            let fitter = fitter(&config, market.as_ref(), &args.market)?;
            let request = pipeline::Request {
                role,
                market: fitter.as_ref(),
                plan: plan_scope(&config),
                job: posting.as_ref(),
            };
            let mut result = pipeline::analyze_document(&matcher, &doc, &request);
            notes.stage(started, || analysed(&result));
            if gate.is_active() {
                result.gate = Some(gate.check(&result));
            }
            report::render(
                args.format.report(),
                &result,
                &config.taxonomy,
                &config.render,
                &mut out,
            )?;
            out.flush()?;
            if let Some(outcome) = result.gate.as_ref().filter(|g| !g.passed) {
                for failure in &outcome.failures {
                    eprintln!("skillgap: gate: {failure}");
                }
                return Ok(ExitCode::from(EXIT_GATE_FAILED));
            }
        }
        Command::Fit(args) => {
            let doc = read_document(&args.input, args.max_size, notes)?;
            let started = Instant::now();
            let matcher = matcher_for(&config, &[doc.text.as_str()], &args.market);
            let market = load_market(&matcher, &args.market, args.max_size, notes)?;
            let fitter = fitter(&config, market.as_ref(), &args.market)?;
            let request = pipeline::Request {
                role: pipeline::RoleChoice::Auto,
                market: fitter.as_ref(),
                plan: plan_scope(&config),
                job: None,
            };
            let result = pipeline::analyze_document(&matcher, &doc, &request);
            notes.stage(started, || analysed(&result));
            report::render_fit(
                args.format.report(),
                &result,
                &config.taxonomy,
                &config.render,
                &mut out,
            )?;
        }
        Command::Roles { format } => taxonomy(
            &config.taxonomy,
            &TaxonomyCommand::Roles { format: *format },
            &mut out,
        )?,
        Command::Taxonomy(cmd) => taxonomy(&config.taxonomy, cmd, &mut out)?,
        Command::Batch(args) => return batch(&config, args, cli.quiet, notes, &mut out),
        Command::Summarize(args) => return summarize(&config.taxonomy, args, &mut out),
        Command::Extract(args) if args.many() => {
            return extract_many(&config, args, cli.quiet, &mut out)
        }
        Command::Extract(args) => {
            let limits = Limits {
                max_bytes: args.max_size,
            };
            if args.files.len() != 1 || args.files[0].is_dir() {
                anyhow::bail!(
                    "extract reads one document; give --format jsonl for several, or a folder"
                );
            }
            let started = Instant::now();
            let doc = input::read_path(&args.files[0], &limits)?;
            notes.stage(started, || read_note(&doc));
            let matcher = Matcher::for_texts(&config.taxonomy, &[doc.text.as_str()]);
            let found = job::extract(&matcher, &doc);
            report::render_extract(args.format.report(), &found, &config.render, &mut out)?;
        }
        Command::Match(args) => return match_postings(&config, args, &mut out),
        Command::Market(args) => {
            let matcher = Matcher::new(&config.taxonomy);
            let Some(market) = load_market(&matcher, &args.market, args.max_size, notes)? else {
                anyhow::bail!("no market: --no-market given, or the built-in market does not fit this --taxonomy (give --market)");
            };
            if args.format == crate::cli::MarketFormat::Tsv {
                out.write_all(market.to_tsv(&config.taxonomy).as_bytes())?;
            } else {
                let fitter = market::Fitter::new(
                    &config.taxonomy,
                    &market,
                    args.market.level.as_deref(),
                    args.market.ready_at,
                )?;
                let overview = fitter.overview(&config.taxonomy, args.top);
                let format = match args.format {
                    crate::cli::MarketFormat::Json => report::Format::Json,
                    crate::cli::MarketFormat::Markdown => report::Format::Markdown,
                    _ => report::Format::Table,
                };
                report::render_market(
                    format,
                    &overview,
                    &config.taxonomy,
                    &config.render,
                    &mut out,
                )?;
            }
        }
        Command::Completions { .. } | Command::Man => unreachable!("handled above"),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The verbose note for a document read.
fn read_note(doc: &Document) -> String {
    format!(
        "read {}: {}, {} lines",
        doc.source,
        doc.format.as_str(),
        doc.text.lines().count()
    )
}

/// The verbose note for an analysis.
fn analysed(result: &Analysis) -> String {
    format!(
        "analysed against {}: score {:.1}, {} skills found, {} gaps",
        result.role.id,
        result.score,
        result.matched.len(),
        result.gaps.len()
    )
}

/// `skillgap man`: one page with the global options, then each command with its own options
/// (global ones are not repeated), then the examples and exit codes.
fn man_page(out: &mut dyn Write) -> Result<()> {
    use clap::CommandFactory;
    use clap_mangen::Man;

    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone()).title("SKILLGAP");
    let mut page: Vec<u8> = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    writeln!(page, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands() {
        man_command(sub, &mut page)?;
    }
    writeln!(page, ".SH \"EXAMPLES AND EXIT CODES\"")?;
    page.extend(without_headings(|w| man.render_extra_section(w))?);
    man.render_version_section(&mut page)?;
    // Every section rendered on its own repeats the roff preamble: keep the first one.
    let page = String::from_utf8(page).context("man page text")?;
    let mut seen = std::collections::HashSet::new();
    for line in page.lines() {
        if (line.starts_with(".ie ") || line.starts_with(".el ")) && !seen.insert(line) {
            continue;
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One command of the man page: `.SS skillgap NAME`, its synopsis, about and options; commands
/// with subcommands (`taxonomy`) list each of theirs the same way.
fn man_command(cmd: &clap::Command, out: &mut dyn Write) -> Result<()> {
    if cmd.is_hide_set() || cmd.get_name() == "help" {
        return Ok(());
    }
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            man_command(sub, out)?;
        }
        return Ok(());
    }
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    writeln!(out, ".SS \"{name}\"")?;
    let own = cmd
        .clone()
        .mut_args(|a| {
            if a.is_global_set() || a.get_id() == "help" {
                a.hide(true)
            } else {
                a
            }
        })
        .disable_help_flag(true);
    let man = clap_mangen::Man::new(own);
    out.write_all(&without_headings(|w| man.render_synopsis_section(w))?)?;
    out.write_all(&without_headings(|w| man.render_description_section(w))?)?;
    out.write_all(&without_headings(|w| man.render_options_section(w))?)?;
    if cmd.get_after_help().is_some() {
        out.write_all(&without_headings(|w| man.render_extra_section(w))?)?;
    }
    Ok(())
}

/// A section rendered by clap_mangen, without its `.SH` line (to nest it under a command).
fn without_headings(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    render(&mut buf)?;
    let text = String::from_utf8(buf).context("man page text")?;
    let mut kept = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.starts_with(".SH ")) {
        kept.push_str(line);
        kept.push('\n');
    }
    if !kept.is_empty() {
        kept.insert_str(0, ".PP\n");
    }
    Ok(kept.into_bytes())
}

/// `skillgap match`: measure one resume against every posting, best first. A posting that
/// cannot be read is reported on stderr and the run ends with [`EXIT_BATCH_FAILED`].
fn match_postings(
    config: &Config,
    args: &crate::cli::MatchArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    use rayon::prelude::*;

    let limits = Limits {
        max_bytes: args.max_size,
    };
    some_path_exists(std::slice::from_ref(&args.resume))?;
    some_path_exists(&args.jobs)?;
    let resume = input::read_path(&args.resume, &limits)?;
    let matcher = Matcher::new(&config.taxonomy);
    let hits = matcher.find(&resume);
    let mut items = Vec::new();
    let mut failed = 0usize;
    for path in &args.jobs {
        match job::posting_items(path) {
            Ok(found) => items.extend(found),
            Err(e) => {
                eprintln!("skillgap: error: {e}");
                failed += 1;
            }
        }
    }
    let results: Vec<_> = items
        .par_iter()
        .map(|item| job::match_item(&matcher, &resume, &hits, item, &limits))
        .collect();
    let mut rows = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(m) => rows.push(job::Ranked::from(&m)),
            Err(e) => {
                eprintln!("skillgap: error: {e}");
                failed += 1;
            }
        }
    }
    job::rank(&mut rows);
    if let Some(n) = args.top {
        rows.truncate(n);
    }
    report::render_ranking(
        args.format.report(),
        &rows,
        &config.taxonomy,
        &config.render,
        out,
    )?;
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(EXIT_BATCH_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The market `args` name: `--market`, else the built-in one (none with `--no-market`, or when
/// a `--taxonomy` does not know its skills). Read once per run.
fn load_market(
    matcher: &Matcher<'_>,
    args: &crate::cli::MarketArgs,
    max_bytes: u64,
    notes: Notes,
) -> Result<Option<market::Market>> {
    let choice = match (&args.market, args.no_market) {
        (_, true) => pipeline::MarketChoice::None,
        (Some(path), false) => pipeline::MarketChoice::Path(path),
        (None, false) => pipeline::MarketChoice::BuiltIn,
    };
    let started = Instant::now();
    let m = pipeline::load_market(matcher, choice, &Limits { max_bytes })?;
    if m.is_none() && matches!(choice, pipeline::MarketChoice::BuiltIn) {
        notes.note(|| {
            "the built-in market names skills this taxonomy lacks: no market (give --market)"
                .to_string()
        });
    }
    if let Some(m) = &m {
        notes.stage(started, || {
            format!("market {}: {} postings", m.source, m.len())
        });
    }
    Ok(m)
}

/// The matcher for a run that reads `texts` (and, with `--market`, that market's postings):
/// one built for just those texts, unless a market of postings is to be read with it too.
fn matcher_for<'t>(
    config: &'t Config,
    texts: &[&str],
    market: &crate::cli::MarketArgs,
) -> Matcher<'t> {
    if market.market.is_some() {
        Matcher::new(&config.taxonomy)
    } else {
        Matcher::for_texts(&config.taxonomy, texts)
    }
}

/// The market prepared for this run (`--level`, `--ready-at`).
fn fitter<'m>(
    config: &'m Config,
    market: Option<&'m market::Market>,
    args: &crate::cli::MarketArgs,
) -> Result<Option<market::Fitter<'m>>> {
    market
        .map(|m| market::Fitter::new(&config.taxonomy, m, args.level.as_deref(), args.ready_at))
        .transpose()
        .map_err(Into::into)
}

/// The document named by FILE or given as `--skills LIST`.
fn read_document(source: &DocumentArgs, max_bytes: u64, notes: Notes) -> Result<Document> {
    let started = Instant::now();
    let doc = match (&source.file, &source.skills) {
        (_, Some(list)) => Document::from_skill_list(list),
        (Some(path), None) => input::read_path(path, &Limits { max_bytes })?,
        (None, None) => anyhow::bail!("give a FILE or --skills"),
    };
    notes.stage(started, || read_note(&doc));
    Ok(doc)
}

/// With --verbose the plan covers every gap, not only the core and important ones.
fn plan_scope(config: &Config) -> PlanScope {
    if config.render.verbose {
        PlanScope::All
    } else {
        PlanScope::Focused
    }
}

/// True when the error is a closed stdout (`skillgap ... | head`): not worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
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
    #[serde(skip_serializing_if = "Option::is_none")]
    demand: Option<f64>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    onet: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    esco: Option<&'a str>,
}

fn taxonomy(tax: &Taxonomy, cmd: &TaxonomyCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TaxonomyCommand::List { format } => {
            let rows = report::listing::skill_rows(tax);
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
            let s = tax.find_skill(id).with_context(|| {
                let hint = tax
                    .closest_skill(id)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                format!("unknown skill `{id}`{hint} (see `skillgap taxonomy list`)")
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
                demand: s.demand,
                onet: &s.onet,
                esco: s.esco.as_deref(),
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
                    if let (Some(v), Some(info)) = (d.demand, &tax.demand) {
                        writeln!(
                            out,
                            "  demand:        in {:.1}% of {} postings ({}, {})",
                            v * 100.0,
                            info.postings,
                            info.source,
                            info.date
                        )?;
                    }
                    if !d.onet.is_empty() {
                        writeln!(out, "  O*NET:         {}", d.onet.join(", "))?;
                    }
                    if let Some(uri) = d.esco {
                        writeln!(out, "  ESCO:          {uri}")?;
                    }
                    let has_ids = !d.onet.is_empty() || d.esco.is_some();
                    if let Some(i) = tax.interop.as_ref().filter(|_| has_ids) {
                        writeln!(out, "  sources:       {}; {}", i.onet_source, i.esco_source)?;
                    }
                }
            }
        }
        TaxonomyCommand::Roles { format } => {
            let rows = report::listing::role_rows(tax);
            match format {
                ListFormat::Json => json_line(&rows, out)?,
                ListFormat::Table => {
                    for r in &rows {
                        writeln!(
                            out,
                            "{:<30} {:>3} skills {:>3} core  {}{}",
                            r.id,
                            r.skills,
                            r.core.len(),
                            r.name,
                            if r.default { " (default)" } else { "" }
                        )?;
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
        TaxonomyCommand::Aliases => {
            let mut seen = std::collections::HashSet::new();
            for s in &tax.skills {
                for a in &s.aliases {
                    if seen.insert(a.text.to_lowercase()) {
                        writeln!(out, "{}", a.text)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn json_line<T: Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Some documents of a batch failed; the rest were reported.
pub const EXIT_BATCH_FAILED: u8 = 3;

/// Where a batch or summary goes: `-o FILE`, or standard output.
fn output_to<'a>(
    path: Option<&std::path::Path>,
    file: &'a mut Option<BufWriter<std::fs::File>>,
    stdout: &'a mut dyn Write,
) -> Result<&'a mut dyn Write> {
    match path {
        Some(p) => {
            let f = std::fs::File::create(p)
                .with_context(|| format!("{}: cannot create the output file", p.display()))?;
            Ok(file.insert(BufWriter::new(f)))
        }
        None => Ok(stdout),
    }
}

/// Flush an `-o` file and make it durable. Only regular files are synced: `-o /dev/null` or a
/// named pipe cannot be (fsync says EINVAL) and need not be.
fn close_output(
    path: Option<&std::path::Path>,
    file: Option<BufWriter<std::fs::File>>,
) -> Result<()> {
    let (Some(path), Some(f)) = (path, file) else {
        return Ok(());
    };
    let name = || format!("{}: cannot write the output file", path.display());
    let f = f
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(name)?;
    if f.metadata().with_context(name)?.is_file() {
        f.sync_all().with_context(name)?;
    }
    Ok(())
}

/// Fail as a usage error (before any output) when none of the paths given exists: a mistyped
/// folder. A missing path among good ones stays a failed row.
fn some_path_exists(paths: &[std::path::PathBuf]) -> Result<()> {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !paths.is_empty() && missing.len() == paths.len() {
        anyhow::bail!("{}: no such file or directory", missing.join(", "));
    }
    Ok(())
}

/// The documents `batch` and `extract` read: records from standard input (`--jsonl-in`), or the
/// paths given (folders expanded, `-` a list of paths on standard input, `.jsonl` files read as
/// records); with their number when it is known before reading. Notes on stderr how many files
/// of folders were skipped. A usage error when none of the paths exists.
fn gather_items(
    paths: &[std::path::PathBuf],
    jsonl_in: bool,
    spec: skillgap::batch::RecordSpec,
    filter: &skillgap::batch::Filter,
    max_line: u64,
    quiet: bool,
) -> Result<(
    Box<dyn Iterator<Item = skillgap::batch::Item>>,
    Option<usize>,
)> {
    use skillgap::batch::{expand, file_records, is_records_file, path_list, records_with, Item};
    if jsonl_in {
        return Ok((
            Box::new(records_with(io::stdin().lock(), "stdin", max_line, spec)),
            None,
        ));
    }
    some_path_exists(paths)?;
    let mut found = Vec::new();
    let mut skipped = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            for path in path_list(io::stdin().lock()) {
                let path = path.context("reading the list of paths from standard input")?;
                skipped += expand(&path, filter, &mut found);
            }
        } else {
            skipped += expand(p, filter, &mut found);
        }
    }
    if skipped > 0 && !quiet {
        eprintln!(
            "skillgap: note: skipped {skipped} other file{} in folders (documents are txt, md, \
             pdf, docx, html, json, jsonl; --glob chooses files otherwise)",
            if skipped == 1 { "" } else { "s" },
        );
    }
    if found.is_empty() && !quiet {
        eprintln!("skillgap: warning: no documents found (check the paths and --glob)");
    }
    let records = found
        .iter()
        .any(|i| matches!(i, Item::Path(p) if is_records_file(p)));
    let n = found.len();
    let items = found.into_iter().flat_map(move |item| match item {
        Item::Path(p) if is_records_file(&p) => file_records(&p, max_line, spec.clone()),
        other => Box::new(std::iter::once(other)),
    });
    Ok((Box::new(items), (!records).then_some(n)))
}

/// `skillgap extract --format jsonl`: one JSON line per document, in input order, with its id
/// (`{"id", "source": {"path", "format", "id"?}, "skills": [...]}`, or `{"id", "error"}`).
/// Exit 3 when some document failed (0 with --engine).
fn extract_many(
    config: &Config,
    args: &crate::cli::ExtractArgs,
    quiet: bool,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    use rayon::prelude::*;
    use skillgap::batch::{read_item, Item};

    let limits = Limits {
        max_bytes: args.max_size,
    };
    let filter = skillgap::batch::Filter::new(&args.glob)?;
    let spec = skillgap::batch::RecordSpec {
        id_field: args.id_field.clone(),
        text_field: args.text_field.clone(),
        ..Default::default()
    };
    let max_line = skillgap::batch::record_line_limit(limits.max_bytes);
    let (mut items, _) = gather_items(&args.files, args.jsonl_in, spec, &filter, max_line, quiet)?;
    let matcher = Matcher::new(&config.taxonomy);
    let mut failed = 0usize;
    loop {
        let window: Vec<Item> = items.by_ref().take(256).collect();
        if window.is_empty() {
            break;
        }
        let lines: Vec<(Vec<u8>, Option<String>)> = window
            .par_iter()
            .map(|item| {
                let id = match item {
                    Item::Record(r) => r.id_value.clone(),
                    _ => None,
                }
                .unwrap_or_else(|| serde_json::Value::String(item.name()));
                let value = match read_item(item, &limits) {
                    Ok(doc) => {
                        let found = job::extract(&matcher, &doc);
                        let source = serde_json::json!({
                            "path": doc.source,
                            "format": doc.format.as_str(),
                        });
                        Ok(serde_json::json!({"id": id, "source": source, "skills": found}))
                    }
                    Err(f) => Err((serde_json::json!({"id": id, "error": f.error}), f.error)),
                };
                let (value, error) = match value {
                    Ok(v) => (v, None),
                    Err((v, e)) => (v, Some(e)),
                };
                let mut line = serde_json::to_vec(&value).unwrap_or_default();
                line.push(b'\n');
                (line, error)
            })
            .collect();
        for (line, error) in lines {
            if let Some(e) = error {
                failed += 1;
                eprintln!("skillgap: error: {e}");
            }
            out.write_all(&line)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 && !args.engine {
        ExitCode::from(EXIT_BATCH_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `skillgap batch`. Exit 3 when some document failed, else 1 when some person failed a gate
/// (both 0 with --engine).
fn batch(
    config: &Config,
    args: &crate::cli::BatchArgs,
    quiet: bool,
    notes: Notes,
    stdout: &mut dyn Write,
) -> Result<ExitCode> {
    use skillgap::batch::{Item, Outcome, Runner};
    use skillgap::report::batch::CohortWriter;

    let bc = crate::cli::BatchConfig::resolve(args, quiet)?;
    let role = config.role(args.role.as_deref())?;
    let gate = args.gate.resolve(&config.taxonomy)?;
    let spec = args.record_spec();
    let started = std::time::Instant::now();
    let max_line = skillgap::batch::record_line_limit(bc.limits.max_bytes);

    let (items, total) = gather_items(
        &args.paths,
        args.jsonl_in,
        spec,
        &bc.filter,
        max_line,
        quiet,
    )?;
    // Record ids should be unique: warn once, at the first one seen twice.
    let mut seen = std::collections::HashSet::new();
    let mut duplicates = 0usize;
    let items = items.inspect(|item| {
        if let Item::Record(r) = item {
            if !seen.insert(r.id.clone()) {
                duplicates += 1;
                if duplicates == 1 && !quiet {
                    eprintln!(
                        "skillgap: warning: record id `{}` appears more than once; ids should be \
                         unique (further duplicates are counted, not reported)",
                        r.id
                    );
                }
            }
        }
    });

    let matcher = Matcher::for_many(&config.taxonomy);
    let market = load_market(&matcher, &args.market, args.max_size, notes)?;
    let fitter = fitter(config, market.as_ref(), &args.market)?;
    let runner = Runner::new(&matcher, role, bc.limits, bc.threads)?.with_market(fitter.as_ref());
    let progress = progress_bar(bc.progress, total);
    let mut file = None;
    let out = output_to(args.output.as_deref(), &mut file, stdout)?;
    let reporter = bc.format.reporter();
    let mut writer = CohortWriter::new(&*reporter, out)?;
    // Cohort documents order people by `cohort::person_order`, whatever the input order: keep
    // each person's slim row, sort, then render. Streaming formats write in input order.
    let sorted = reporter.needs_summary();
    let full_lines = bc.format == report::batch::BatchFormat::JsonlFull;
    // Only full lines with --details show the catalogue text (descriptions, courses, tools);
    // rows and the other formats never read it, so the analyses never copy it in.
    let runner = if full_lines && bc.catalogue {
        runner
    } else {
        runner.without_catalogue()
    };
    let mut kept: Vec<Result<Row, skillgap::cohort::Failure>> = Vec::new();
    let mut gate_failed = 0usize;
    let mut failed_docs = 0usize;
    runner.run(
        items,
        |o: Outcome| {
            let mut result = o.result;
            // One stderr line per person who failed a gate: `<source>: <failure>; <failure>`.
            let mut gate_line = None;
            if let (true, Ok(a)) = (gate.is_active(), &mut result) {
                let outcome = gate.check(a);
                if !outcome.passed {
                    let failures: Vec<String> =
                        outcome.failures.iter().map(ToString::to_string).collect();
                    gate_line = Some(format!("{}: {}", a.source.path, failures.join("; ")));
                }
                a.gate = Some(outcome);
            }
            progress.inc(1);
            if sorted {
                let row = result.map(|a| Row::from(&a));
                return Ok((Done::Kept(Box::new(row)), gate_line));
            }
            let rendered = CohortWriter::render(&*reporter, o.index + 1, result);
            rendered.map(|r| (Done::Rendered(r), gate_line))
        },
        |rendered| -> Result<()> {
            let (rendered, gate_line) = rendered?;
            let failure = match &rendered {
                Done::Rendered(r) => r.failure(),
                Done::Kept(result) => (**result).as_ref().err(),
            };
            if let Some(f) = failure {
                failed_docs += 1;
                progress.suspend(|| eprintln!("skillgap: error: {}", f.error));
            }
            if let Some(line) = gate_line {
                gate_failed += 1;
                progress.suspend(|| eprintln!("skillgap: gate: {line}"));
            }
            match rendered {
                Done::Rendered(r) => writer.push(r)?,
                Done::Kept(result) => kept.push(*result),
            }
            Ok(())
        },
    )?;
    if sorted {
        let html = bc.format == report::batch::BatchFormat::Html;
        push_sorted(&config.taxonomy, html, kept, &*reporter, &mut writer)?;
    }
    let (people, _) = writer.counts();
    let failed = failed_docs;
    writer.finish()?;
    close_output(args.output.as_deref(), file)?;
    let gated = if gate.is_active() {
        format!(", {gate_failed} failed a gate")
    } else {
        String::new()
    };
    let dups = if duplicates > 0 {
        format!(", {duplicates} duplicate record ids")
    } else {
        String::new()
    };
    let summary = format!(
        "{people} documents in {:.1} s on {} threads, {failed} failed{gated}{dups}",
        started.elapsed().as_secs_f64(),
        runner.threads()
    );
    if !progress.is_hidden() {
        progress.finish_and_clear();
        eprintln!("skillgap: {summary}");
    } else {
        notes.note(|| summary);
    }
    // A document that could not be read outranks a gate: the gate was not checked for it.
    Ok(if args.engine {
        ExitCode::SUCCESS
    } else if failed > 0 {
        ExitCode::from(EXIT_BATCH_FAILED)
    } else if gate_failed > 0 {
        ExitCode::from(EXIT_GATE_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// One document of a batch, done on a worker thread: rendered for a streaming format, or kept
/// as a slim row to be sorted into the cohort order.
enum Done {
    Rendered(report::batch::Rendered),
    Kept(Box<Result<Row, skillgap::cohort::Failure>>),
}

/// People hydrated and rendered at once by [`push_sorted`].
const SORTED_WINDOW: usize = 256;

/// Sort people into the cohort order, render them from their rows (in parallel, with the
/// taxonomy's part put back; its catalogue text for the HTML page only) and push them in that
/// order. `batch` and `summarize` both render this way, so one run and a reduce of its rows,
/// slim or full, give the same bytes.
fn push_sorted(
    tax: &Taxonomy,
    html: bool,
    mut people: Vec<Result<Row, skillgap::cohort::Failure>>,
    reporter: &dyn report::batch::BatchReporter,
    writer: &mut report::batch::CohortWriter<'_, '_>,
) -> Result<()> {
    use rayon::prelude::*;
    use report::batch::CohortWriter;
    skillgap::cohort::sort_people(&mut people);
    // A window at a time: a hydrated analysis is ten times its row, and only the row stays.
    let mut people = people.into_iter();
    loop {
        let window: Vec<_> = people.by_ref().take(SORTED_WINDOW).collect();
        if window.is_empty() {
            return Ok(());
        }
        let first = writer.next_index();
        let rendered: Vec<io::Result<report::batch::Rendered>> = window
            .into_par_iter()
            .enumerate()
            .map(|(i, row)| {
                let analysis = row.map(|r| {
                    if html {
                        r.into_analysis(tax)
                    } else {
                        r.into_lean_analysis(tax)
                    }
                });
                CohortWriter::render(reporter, first + i, analysis)
            })
            .collect();
        for r in rendered {
            writer.push(r?)?;
        }
    }
}

/// A progress bar on standard error, or a hidden one.
fn progress_bar(show: bool, total: Option<usize>) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !show {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(n) => (
            ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr()),
            "{spinner} {pos}/{len} documents [{wide_bar}] {percent}% eta {eta}",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} {pos} documents, {elapsed}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The files `summarize` reads for one argument: the file itself, or a folder's files in path
/// order without `_SUCCESS`, `*.crc` and hidden files (what Spark and Hadoop write beside the
/// `part-*` files).
fn summary_inputs(path: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.with_context(|| path.display().to_string())?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() || name.starts_with('_') || name.ends_with(".crc") {
            continue;
        }
        files.push(entry.into_path());
    }
    Ok(files)
}

/// `skillgap summarize`: exit 3 when the rows hold failed documents (as the batch did).
fn summarize(
    tax: &Taxonomy,
    args: &crate::cli::SummarizeArgs,
    stdout: &mut dyn Write,
) -> Result<ExitCode> {
    use skillgap::cohort::parse_record;
    use skillgap::report::batch::CohortWriter;
    use std::io::{BufRead, Read};

    let format = args.format.resolve(args.long)?;
    some_path_exists(&args.files)?;
    // Read every row first: the output does not depend on their order, and a bad line stops
    // the summary before any output.
    let mut people = Vec::new();
    for arg in &args.files {
        for path in summary_inputs(arg)? {
            let name = path.display().to_string();
            let raw: Box<dyn Read> = if name == "-" {
                Box::new(io::stdin().lock())
            } else {
                Box::new(std::fs::File::open(&path).with_context(|| name.clone())?)
            };
            let reader: Box<dyn BufRead> = if name.ends_with(".gz") {
                Box::new(io::BufReader::new(flate2::read::MultiGzDecoder::new(raw)))
            } else {
                Box::new(io::BufReader::new(raw))
            };
            for (i, line) in reader.lines().enumerate() {
                let line = line.with_context(|| format!("{name}:{}", i + 1))?;
                if line.trim().is_empty() {
                    continue;
                }
                let record = parse_record(&line).with_context(|| format!("{name}:{}", i + 1))?;
                people.push(record.into_row());
            }
        }
    }
    let failed = people.iter().filter(|p| p.is_err()).count();
    let mut file = None;
    let out = output_to(args.output.as_deref(), &mut file, stdout)?;
    let reporter = format.reporter();
    let mut writer = CohortWriter::new(&*reporter, out)?;
    // Slim or full, every row is rendered from its slim part, as `batch` renders its own.
    let html = format == report::batch::BatchFormat::Html;
    push_sorted(tax, html, people, &*reporter, &mut writer)?;
    writer.finish()?;
    close_output(args.output.as_deref(), file)?;
    Ok(if failed > 0 && !args.engine {
        ExitCode::from(EXIT_BATCH_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
