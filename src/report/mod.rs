//! Renderers: one [`Analysis`], many formats. Each format is a small module; none of them knows
//! how matching works.

pub mod batch;
mod focus;
pub(crate) mod html;
mod job;
mod json;
pub mod listing;
mod markdown;
mod market;
pub mod names;
mod plan;
mod table;
pub mod terminal;

use std::io::{self, Write};

use crate::analysis::Analysis;
use crate::taxonomy::Taxonomy;

/// Output formats for a single analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A colourful terminal report (comfy-table).
    Table,
    /// One JSON object: the documented, versioned contract.
    Json,
    /// A Markdown report a job seeker can keep.
    Markdown,
    /// One self-contained HTML page (no network, no external assets).
    Html,
}

/// Options that change how a report looks, never what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// ANSI colours (the CLI decides from --color, NO_COLOR and whether stdout is a terminal).
    pub color: bool,
    /// The full report (every gap, all evidence, the whole plan) instead of the one-screen view.
    pub verbose: bool,
    /// Width in columns: `Some(n)` n columns, `Some(0)` the terminal's, `None` unknown (the
    /// one-screen report then uses 100; full tables are not wrapped).
    pub width: Option<u16>,
}

/// Render `analysis` as `format` into `out`; `tax` (the taxonomy it was made with) names the
/// skills the analysis holds only as ids.
pub fn render(
    format: Format,
    analysis: &Analysis,
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table if opts.verbose => table::render(analysis, tax, opts, out),
        Format::Table => terminal::render(analysis, opts, out),
        Format::Json => json::render(analysis, out),
        Format::Markdown => markdown::render(analysis, tax, opts, out),
        Format::Html => html::render(analysis, tax, html::Page::Analyze, out),
    }
}

/// Render the `skillgap fit` view of `analysis` (an analysis with `fit` set): the role ranking,
/// then the plan for the best role. JSON is the same object `analyze` prints; HTML is the
/// person's page with the ranking first.
pub fn render_fit(
    format: Format,
    analysis: &Analysis,
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => plan::fit_table(analysis, tax, opts, out),
        Format::Json => json::render(analysis, out),
        Format::Markdown => plan::fit_markdown(analysis, tax, out),
        Format::Html => html::render(analysis, tax, html::Page::Fit, out),
    }
}

/// The error for a view that has no HTML form.
fn no_html(view: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("{view} has no HTML form; use table, json or markdown"),
    )
}

/// Render a `skillgap match` ranking (already sorted and cut to `--top`).
pub fn render_ranking(
    format: Format,
    rows: &[crate::analysis::job::Ranked],
    tax: &Taxonomy,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(rows, out),
        Format::Table | Format::Markdown => job::ranking_table(rows, tax, opts, out),
        Format::Html => Err(no_html("a ranking")),
    }
}

/// Render the skills `skillgap extract` found in one document.
pub fn render_extract(
    format: Format,
    found: &[crate::analysis::job::Found],
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(found, out),
        Format::Table | Format::Markdown => job::extract_table(found, opts, out),
        Format::Html => Err(no_html("an extract")),
    }
}

/// Render the `skillgap market` overview.
pub fn render_market(
    format: Format,
    overview: &crate::analysis::market::MarketOverview,
    tax: &Taxonomy,
    _opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(overview, out),
        Format::Table => market::overview(overview, tax, false, out),
        Format::Markdown => market::overview(overview, tax, true, out),
        Format::Html => Err(no_html("the market overview")),
    }
}

fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `core`, `important`, `bonus` gaps in the focused view: all core and important ones.
pub(crate) fn focus_gaps(
    analysis: &Analysis,
    verbose: bool,
) -> (Vec<&crate::analysis::Gap>, Vec<&crate::analysis::Gap>) {
    analysis
        .gaps
        .iter()
        .partition(|g| verbose || g.importance != crate::taxonomy::Importance::Bonus)
}
