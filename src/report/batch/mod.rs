//! Renderers for many people at once: per-person streams (JSON Lines, CSV) and cohort documents
//! (Markdown, HTML, the summary as JSON). Both `skillgap batch` and `skillgap summarize` drive
//! them through a [`CohortWriter`], so a split-and-merged job renders byte for byte like one run.
//!
//! A reporter renders each person's part on any worker thread ([`BatchReporter::person`]); the
//! writer then streams that part to the output (JSON Lines, CSV) or spools it (HTML detail
//! sections), and whole-document formats write everything in a final step once the
//! [`CohortSummary`] is known.
//!
//! The spool is a deflate stream in memory, never a file: resume text goes nowhere but the
//! requested output (README, "Privacy"). Rendered HTML compresses about 11:1 at the fastest level
//! (12.6 MB of detail sections for 2,474 resumes hold 1.1 MB), so memory stays small for a large
//! cohort at a cost of a few tens of milliseconds.

mod csv;
mod html;
mod jsonl;
mod markdown;

use std::io::{self, Write};

use flate2::write::DeflateEncoder;
use flate2::{bufread::DeflateDecoder, Compression};

use crate::analysis::Analysis;
use crate::cohort::{CohortBuilder, CohortSummary, Failure, Person};

/// Output formats for a batch or a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// One slim row per line (`crate::row::Row`; failures: `error`).
    Jsonl,
    /// One full analysis per line, the schema of `analyze --format json` (failures: `error`).
    JsonlFull,
    /// One row per person.
    Csv,
    /// One row per person and skill (matched, gap, not counted).
    CsvLong,
    /// Cohort summary and a per-person table.
    Markdown,
    /// One self-contained page: charts, a sortable table, a section per person.
    Html,
    /// The cohort summary as one JSON object.
    Json,
}

impl BatchFormat {
    /// The renderer for this format.
    pub fn reporter(self) -> Box<dyn BatchReporter> {
        match self {
            BatchFormat::Jsonl => Box::new(jsonl::Jsonl { full: false }),
            BatchFormat::JsonlFull => Box::new(jsonl::Jsonl { full: true }),
            BatchFormat::Csv => Box::new(csv::Csv { long: false }),
            BatchFormat::CsvLong => Box::new(csv::Csv { long: true }),
            BatchFormat::Markdown => Box::new(markdown::Markdown),
            BatchFormat::Html => Box::new(html::Html::new()),
            BatchFormat::Json => Box::new(SummaryJson),
        }
    }
}

/// Where a reporter's per-person parts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// Straight to the output, in input order.
    Stream,
    /// To a temporary file, handed back to [`BatchReporter::finish`].
    Spool,
    /// Nowhere: the format is built from the summary alone.
    None,
}

/// A batch output format.
pub trait BatchReporter: Sync + Send {
    fn parts(&self) -> Parts;

    /// Whether [`BatchReporter::finish`] needs the cohort summary (else none is built, and
    /// nothing is kept per person).
    fn needs_summary(&self) -> bool {
        self.parts() != Parts::Stream
    }

    /// Written once before the first person (a CSV header).
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One person's part; `index` is the 1-based position in the output. Runs on any thread.
    fn person(&self, _index: usize, _person: Person<'_>, _buf: &mut Vec<u8>) -> io::Result<()> {
        Ok(())
    }

    /// Written once at the end. `spooled` holds the parts when [`Parts::Spool`].
    fn finish(
        &self,
        _summary: Option<&CohortSummary>,
        _spooled: Option<&mut dyn io::Read>,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }
}

/// Collects rendered parts in order and writes the document.
pub struct CohortWriter<'r, 'w> {
    reporter: &'r dyn BatchReporter,
    out: &'w mut dyn Write,
    spool: Option<DeflateEncoder<Vec<u8>>>,
    cohort: Option<CohortBuilder>,
    people: usize,
    failed: usize,
}

impl std::fmt::Debug for CohortWriter<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CohortWriter")
            .field("people", &self.people)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<'r, 'w> CohortWriter<'r, 'w> {
    /// Start a document (writes the reporter's header).
    pub fn new(reporter: &'r dyn BatchReporter, out: &'w mut dyn Write) -> io::Result<Self> {
        reporter.begin(out)?;
        let spool = match reporter.parts() {
            Parts::Spool => Some(DeflateEncoder::new(Vec::new(), Compression::fast())),
            _ => None,
        };
        Ok(CohortWriter {
            reporter,
            out,
            spool,
            cohort: reporter.needs_summary().then(CohortBuilder::new),
            people: 0,
            failed: 0,
        })
    }

    /// Render one person with `reporter`: call it on worker threads, then [`Self::push`] the
    /// results in order. Keeps the analysis only when the format needs a cohort summary, so a
    /// streaming batch frees each analysis on the thread that made it.
    pub fn render(
        reporter: &dyn BatchReporter,
        index: usize,
        result: Result<Analysis, Failure>,
    ) -> io::Result<Rendered> {
        let mut part = Vec::new();
        reporter.person(index, Person::from(&result), &mut part)?;
        let kept = match result {
            Err(f) => Kept::Failed(f),
            Ok(a) if reporter.needs_summary() => Kept::Analysed(Box::new(a)),
            Ok(_) => Kept::Nothing,
        };
        Ok(Rendered { part, kept })
    }

    /// The 1-based index the next person gets.
    pub fn next_index(&self) -> usize {
        self.people + 1
    }

    /// Add the next person, in input order.
    pub fn push(&mut self, r: Rendered) -> io::Result<()> {
        self.people += 1;
        match (&mut self.cohort, &r.kept) {
            (Some(c), Kept::Analysed(a)) => c.add(Person::Analysed(a)),
            (Some(c), Kept::Failed(f)) => c.add(Person::Failed(f)),
            _ => {}
        }
        if r.failure().is_some() {
            self.failed += 1;
        }
        match (self.reporter.parts(), &mut self.spool) {
            (Parts::Stream, _) => self.out.write_all(&r.part),
            (Parts::Spool, Some(s)) => s.write_all(&r.part),
            _ => Ok(()),
        }
    }

    /// People pushed so far, and how many of them failed.
    pub fn counts(&self) -> (usize, usize) {
        (self.people, self.failed)
    }

    /// Write the end of the document; returns the summary when the format built one.
    pub fn finish(self) -> io::Result<Option<CohortSummary>> {
        let summary = self.cohort.map(CohortBuilder::finish);
        match self.spool {
            Some(spool) => {
                let compressed = spool.finish()?;
                let mut read = DeflateDecoder::new(compressed.as_slice());
                self.reporter
                    .finish(summary.as_ref(), Some(&mut read), self.out)?;
            }
            None => self.reporter.finish(summary.as_ref(), None, self.out)?,
        }
        self.out.flush()?;
        Ok(summary)
    }
}

/// One person rendered by [`CohortWriter::render`], waiting for its turn.
#[derive(Debug)]
pub struct Rendered {
    part: Vec<u8>,
    kept: Kept,
}

#[derive(Debug)]
enum Kept {
    Analysed(Box<Analysis>),
    Failed(Failure),
    /// A streaming format: nothing is needed after rendering.
    Nothing,
}

impl Rendered {
    /// Why the person could not be analysed, if so.
    pub fn failure(&self) -> Option<&Failure> {
        match &self.kept {
            Kept::Failed(f) => Some(f),
            _ => None,
        }
    }
}

/// The cohort summary as one pretty-printed JSON object.
struct SummaryJson;

impl BatchReporter for SummaryJson {
    fn parts(&self) -> Parts {
        Parts::None
    }

    fn finish(
        &self,
        summary: Option<&CohortSummary>,
        _spooled: Option<&mut dyn io::Read>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &summary).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }
}

/// Format a number with one decimal, the way every cohort report shows scores.
pub(crate) fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}
