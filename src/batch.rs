//! Many documents at once: expand paths (folders recursively, with glob filters), read records
//! from a data pipeline, and run the one analysis pipeline over them in parallel.
//!
//! Work goes in windows of a few dozen documents: a window is analysed (and, through the caller's
//! `prepare`, rendered) on a rayon pool, then handed to the caller's `sink` in input order while
//! the pool works on the next window. Output order therefore never depends on the thread count,
//! and memory is bounded by two windows whatever the size of the cohort.
//!
//! One bad document never stops a batch: reading errors, and even a panic in the pipeline, become
//! a [`Failure`] for that document.

use std::fmt;
use std::io::BufRead;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::analysis::{Analysis, PreparedRole};
use crate::cohort::Failure;
use crate::input::{self, Limits};
use crate::matcher::Matcher;
use crate::taxonomy::Role;

/// Documents per thread in one window: large enough that the wait for the slowest document at
/// the end of a window is noise, small enough that a window's output stays a few MB even with
/// `--details` (a full line with the catalogue text is ~185 KB; the default slim row ~5 KB).
const WINDOW_PER_THREAD: usize = 16;

/// Errors that stop a batch before it starts.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("invalid glob `{glob}`: {message}")]
    Glob { glob: String, message: String },
    #[error("could not start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
}

/// One document to analyse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A file to read.
    Path(PathBuf),
    /// A document handed over by a pipeline (`--jsonl-in`, `.jsonl` files).
    Record(Box<Record>),
    /// Something that could not even be listed or decoded (a folder that cannot be read, a bad
    /// JSON line): it becomes a failure row like any other.
    Invalid { name: String, error: String },
}

impl Item {
    /// How the item is named in reports and messages.
    pub fn name(&self) -> String {
        match self {
            Item::Path(p) => p.display().to_string(),
            Item::Record(r) => r.id.clone(),
            Item::Invalid { name, .. } => name.clone(),
        }
    }
}

/// Which files inside folders are taken: `--glob` patterns, `!` in front to exclude. Files named
/// directly on the command line are always taken.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    /// Build from patterns such as `*.pdf`, `**/2024/*`, `!*draft*`. A pattern without `/`
    /// matches at any depth (`*.txt` takes `a/b/c.txt`).
    pub fn new(globs: &[String]) -> Result<Self, BatchError> {
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        let (mut any_in, mut any_ex) = (false, false);
        for g in globs {
            let (builder, pattern) = match g.strip_prefix('!') {
                Some(p) => {
                    any_ex = true;
                    (&mut exclude, p)
                }
                None => {
                    any_in = true;
                    (&mut include, g.as_str())
                }
            };
            let glob = Glob::new(pattern).map_err(|e| BatchError::Glob {
                glob: g.clone(),
                message: e.kind().to_string(),
            })?;
            builder.add(glob);
        }
        let build = |b: GlobSetBuilder, any: bool| -> Result<Option<GlobSet>, BatchError> {
            if !any {
                return Ok(None);
            }
            b.build().map(Some).map_err(|e| BatchError::Glob {
                glob: globs.join(" "),
                message: e.kind().to_string(),
            })
        };
        Ok(Filter {
            include: build(include, any_in)?,
            exclude: build(exclude, any_ex)?,
        })
    }

    /// Whether a file found in a folder is taken; `rel` is its path below that folder. Without
    /// an including `--glob`, only document files are taken (see [`is_document`]).
    pub fn accepts(&self, rel: &Path) -> bool {
        let included = match &self.include {
            Some(g) => g.is_match(rel),
            None => is_document(rel),
        };
        included && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }
}

/// Extensions of the files a folder contributes by default: the formats skillgap reads
/// (`.jsonl`/`.ndjson` are read as records).
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "pdf", "docx", "html", "htm", "xhtml", "json", "jsonl",
    "ndjson",
];

/// Whether a file name has one of [`DOCUMENT_EXTENSIONS`] (case-insensitive).
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

/// Whether a file holds records, one JSON object per line (`.jsonl`, `.ndjson`).
pub fn is_records_file(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| e == "jsonl" || e == "ndjson")
}

/// The records of a `.jsonl` file, or one failure item when it cannot be opened.
pub fn file_records(
    path: &Path,
    max_line: u64,
    spec: RecordSpec,
) -> Box<dyn Iterator<Item = Item>> {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(f) => Box::new(records_with(
            std::io::BufReader::new(f),
            &name,
            max_line,
            spec,
        )),
        Err(e) => Box::new(std::iter::once(Item::Invalid {
            error: format!("{name}: {e}"),
            name,
        })),
    }
}

/// Expand one command-line path: a file is itself; a folder is every file below it that the
/// filter accepts, in path order, skipping hidden files and folders (`.git`, `.DS_Store`).
/// Returns how many files of folders the filter turned down.
pub fn expand(path: &Path, filter: &Filter, out: &mut Vec<Item>) -> usize {
    if !path.is_dir() {
        out.push(Item::Path(path.to_path_buf()));
        return 0;
    }
    let mut skipped = 0;
    let walker = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let rel = e.path().strip_prefix(path).unwrap_or(e.path());
                if filter.accepts(rel) {
                    out.push(Item::Path(e.into_path()));
                } else {
                    skipped += 1;
                }
            }
            Err(err) => {
                let name = err.path().unwrap_or(path).display().to_string();
                let error = match err.io_error() {
                    Some(io) => format!("{name}: {io}"),
                    None => format!("{name}: {err}"),
                };
                out.push(Item::Invalid { name, error });
            }
        }
    }
    skipped
}

/// Paths listed one per line (blank lines skipped), as `skillgap batch -` reads them.
pub fn path_list(reader: impl BufRead) -> impl Iterator<Item = Result<PathBuf, std::io::Error>> {
    reader.lines().filter_map(|line| match line {
        Ok(l) if l.trim().is_empty() => None,
        Ok(l) => Some(Ok(PathBuf::from(l.trim_end_matches('\r')))),
        Err(e) => Some(Err(e)),
    })
}

/// Which fields of a `--jsonl-in` record hold what. Other fields are ignored unless named in
/// `keep`, which are passed through into the row (`source.fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSpec {
    /// The record's id (a string or a number); default `id`.
    pub id_field: String,
    /// The document as text; default `text`.
    pub text_field: String,
    /// The document as base64 bytes (PDF, DOCX, HTML...), used when there is no text; `data`.
    pub data_field: String,
    /// An optional file name whose extension hints at the format of `data`; default `name`.
    pub name_field: String,
    /// Fields passed through into the output row.
    pub keep: Vec<String>,
}

impl Default for RecordSpec {
    fn default() -> Self {
        RecordSpec {
            id_field: "id".into(),
            text_field: "text".into(),
            data_field: "data".into(),
            name_field: "name".into(),
            keep: Vec::new(),
        }
    }
}

/// The document a record carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    /// Decoded from base64, with the lower-case extension hint (from the name field or the id).
    Bytes {
        bytes: Vec<u8>,
        ext: Option<String>,
    },
}

/// A record read from a `--jsonl-in` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The id as text: names the record in rows and messages.
    pub id: String,
    /// The id as the record had it (number or string); `None` when the record had no id and
    /// is named `<input>:<line>`.
    pub id_value: Option<serde_json::Value>,
    pub body: Body,
    /// The `--keep-field` fields the record has.
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Records, one JSON object per line (`--jsonl-in`), read lazily, with the default
/// [`RecordSpec`] (`{"id": .., "text": ..}`). See [`records_with`].
pub fn records<R: BufRead>(reader: R, label: &str, max_line: u64) -> Records<R> {
    records_with(reader, label, max_line, RecordSpec::default())
}

/// Records, one JSON object per line, read lazily. A line that is not such a record becomes an
/// [`Item::Invalid`] named by its id (or `<label>:<line>` when it has none), and so does a line
/// longer than `max_line` bytes, which is skipped without being held in memory.
pub fn records_with<R: BufRead>(
    reader: R,
    label: &str,
    max_line: u64,
    spec: RecordSpec,
) -> Records<R> {
    Records {
        reader,
        label: label.to_string(),
        line: 0,
        max_line,
        done: false,
        buf: Vec::new(),
        spec,
    }
}

/// The longest `--jsonl-in` line read for a text of at most `max_bytes`: room for JSON escaping
/// (and for base64, which is 4/3 of the bytes).
pub fn record_line_limit(max_bytes: u64) -> u64 {
    max_bytes.saturating_mul(2).saturating_add(64 * 1024)
}

/// The lower-case extension of a file name, if it has one.
fn extension(name: &str) -> Option<String> {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Turn one parsed JSON line into an item; `at` is `<label>:<line>`.
fn record_item(line: &str, at: &str, spec: &RecordSpec) -> Item {
    use base64::Engine as _;
    let invalid = |name: &str, error: String| Item::Invalid {
        name: name.to_string(),
        error,
    };
    let mut map = match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(m)) => m,
        Ok(_) => return invalid(at, format!("{at}: not a JSON object")),
        Err(e) => return invalid(at, format!("{at}: not JSON ({e})")),
    };
    let (id, id_value) = match map.remove(&spec.id_field) {
        None => (at.to_string(), None),
        Some(serde_json::Value::String(s)) => (s.clone(), Some(serde_json::Value::String(s))),
        Some(serde_json::Value::Number(n)) => (n.to_string(), Some(serde_json::Value::Number(n))),
        Some(_) => {
            return invalid(
                at,
                format!("{at}: `{}` must be a string or a number", spec.id_field),
            )
        }
    };
    // Name the record by its id, and say where it was for records that have one.
    let here = if id_value.is_some() {
        format!("{id} ({at})")
    } else {
        at.to_string()
    };
    let body = match (map.remove(&spec.text_field), map.remove(&spec.data_field)) {
        (Some(serde_json::Value::String(text)), _) => Body::Text(text),
        (Some(_), _) => {
            return invalid(
                &id,
                format!("{here}: `{}` is not a string", spec.text_field),
            );
        }
        (None, Some(serde_json::Value::String(data))) => {
            let cleaned: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            match base64::engine::general_purpose::STANDARD.decode(cleaned.as_bytes()) {
                Ok(bytes) => {
                    let ext = map
                        .get(&spec.name_field)
                        .and_then(|v| v.as_str())
                        .and_then(extension)
                        .or_else(|| id_value.as_ref().and_then(|_| extension(&id)));
                    Body::Bytes { bytes, ext }
                }
                Err(e) => {
                    return invalid(
                        &id,
                        format!("{here}: `{}` is not base64 ({e})", spec.data_field),
                    )
                }
            }
        }
        (None, Some(_)) => {
            return invalid(
                &id,
                format!("{here}: `{}` is not a string", spec.data_field),
            );
        }
        (None, None) => {
            return invalid(
                &id,
                format!(
                    "{here}: no `{}` field (nor base64 `{}`)",
                    spec.text_field, spec.data_field
                ),
            );
        }
    };
    let fields = (!spec.keep.is_empty()).then(|| {
        spec.keep
            .iter()
            .filter_map(|k| map.get(k).map(|v| (k.clone(), v.clone())))
            .collect()
    });
    Item::Record(Box::new(Record {
        id,
        id_value,
        body,
        fields,
    }))
}

/// Iterator returned by [`records`].
#[derive(Debug)]
pub struct Records<R> {
    reader: R,
    label: String,
    line: usize,
    max_line: u64,
    done: bool,
    buf: Vec<u8>,
    spec: RecordSpec,
}

impl<R: BufRead> Records<R> {
    fn skip_rest_of_line(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len();
                    self.reader.consume(n);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.line += 1;
            self.buf.clear();
            let name = format!("{}:{}", self.label, self.line);
            let invalid = |error: String| Item::Invalid {
                name: name.clone(),
                error: format!("{name}: {error}"),
            };
            let read =
                <&mut R as std::io::Read>::take(&mut self.reader, self.max_line.saturating_add(1))
                    .read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => self.done = true,
                Err(e) => {
                    // A read error will not go away on retry: report it once and stop.
                    self.done = true;
                    return Some(invalid(e.to_string()));
                }
                Ok(n) if n as u64 > self.max_line && !self.buf.ends_with(b"\n") => {
                    if let Err(e) = self.skip_rest_of_line() {
                        self.done = true;
                        return Some(invalid(e.to_string()));
                    }
                    return Some(invalid(format!(
                        "record longer than {} bytes (the text is limited by --max-size)",
                        self.max_line
                    )));
                }
                Ok(_) => {
                    let Ok(line) = std::str::from_utf8(&self.buf) else {
                        return Some(invalid("not UTF-8".into()));
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    return Some(record_item(line, &name, &self.spec));
                }
            }
        }
        None
    }
}

/// Read one item into a document; every problem becomes a [`Failure`] naming it.
pub fn read_item(item: &Item, limits: &Limits) -> Result<input::Document, Failure> {
    let fail = |error: String| Failure {
        source: item.name(),
        error,
    };
    match item {
        Item::Path(p) => input::read_path(p, limits),
        Item::Record(r) => match &r.body {
            Body::Text(text) => input::read_bytes(&r.id, None, text.as_bytes(), limits),
            Body::Bytes { bytes, ext } => input::read_bytes(&r.id, ext.as_deref(), bytes, limits),
        },
        Item::Invalid { error, .. } => return Err(fail(error.clone())),
    }
    .map_err(|e| fail(e.to_string()))
}

/// What became of one document.
#[derive(Debug)]
pub struct Outcome {
    /// 0-based position in the input.
    pub index: usize,
    pub result: Result<Analysis, Failure>,
}

/// Runs the analysis over many documents on a pool of threads.
pub struct Runner<'a> {
    matcher: &'a Matcher<'a>,
    /// The role, prepared once for every document of the run.
    role: PreparedRole<'a>,
    market: Option<&'a crate::analysis::market::Fitter<'a>>,
    limits: Limits,
    pool: rayon::ThreadPool,
    threads: usize,
}

impl fmt::Debug for Runner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runner")
            .field("role", &self.role.role().id)
            .field("limits", &self.limits)
            .field("threads", &self.threads)
            .finish()
    }
}

impl<'a> Runner<'a> {
    /// `threads`: `None` or `Some(0)` for one per core.
    pub fn new(
        matcher: &'a Matcher<'a>,
        role: &'a Role,
        limits: Limits,
        threads: Option<usize>,
    ) -> Result<Self, BatchError> {
        let threads = match threads {
            Some(n) if n > 0 => n,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("skillgap-batch-{i}"))
            .build()
            .map_err(|e| BatchError::Threads {
                threads,
                message: e.to_string(),
            })?;
        Ok(Runner {
            matcher,
            role: PreparedRole::new(matcher.taxonomy(), role),
            market: None,
            limits,
            pool,
            threads,
        })
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Measure every document against this market too.
    pub fn with_market(mut self, market: Option<&'a crate::analysis::market::Fitter<'a>>) -> Self {
        self.market = market;
        self
    }

    /// Leave out the text every analysis would copy from the taxonomy (gap descriptions,
    /// courses, tools, practice projects), as [`Analysis::drop_catalogue`] would afterwards.
    pub fn without_catalogue(mut self) -> Self {
        self.role = self.role.without_catalogue();
        self
    }

    /// Read and analyse one item; every problem becomes a [`Failure`] naming it.
    pub fn analyze(&self, item: &Item) -> Result<Analysis, Failure> {
        let fail = |error: String| Failure {
            source: item.name(),
            error,
        };
        let doc = read_item(item, &self.limits)?;
        let mut result = catch_unwind(AssertUnwindSafe(|| {
            self.role.analyze(self.matcher, &doc, self.market)
        }))
        .map_err(|panic| {
            let msg = input::panic_message(panic.as_ref());
            fail(format!(
                "{}: internal error while analysing ({msg}); please report it",
                item.name()
            ))
        })?;
        if let Item::Record(r) = item {
            result.source.id = r.id_value.clone();
            result.source.fields = r.fields.clone();
        }
        Ok(result)
    }

    /// Analyse `items` in parallel. `prepare` runs on the worker threads, in any order (render
    /// there what can be rendered per document); `sink` runs on the calling thread with the
    /// prepared values in input order. Stops at the first error `sink` returns.
    ///
    /// With one thread everything runs on the calling thread, one document at a time. With more,
    /// the workers analyse the next window while the calling thread writes out the last one.
    pub fn run<I, T, P, S, E>(&self, items: I, prepare: P, mut sink: S) -> Result<(), E>
    where
        I: IntoIterator<Item = Item>,
        T: Send,
        P: Fn(Outcome) -> T + Sync,
        S: FnMut(T) -> Result<(), E>,
    {
        let items = items.into_iter().enumerate();
        let outcome = |index: usize, item: &Item| Outcome {
            index,
            result: self.analyze(item),
        };
        if self.threads == 1 {
            for (index, item) in items {
                sink(prepare(outcome(index, &item)))?;
            }
            return Ok(());
        }
        let window = self.threads * WINDOW_PER_THREAD;
        let mut items = items;
        let mut written: Option<Vec<T>> = None;
        loop {
            let batch: Vec<(usize, Item)> = items.by_ref().take(window).collect();
            if batch.is_empty() && written.is_none() {
                return Ok(());
            }
            let mut done: Option<Vec<T>> = None;
            let sunk = self.pool.in_place_scope(|scope| {
                if !batch.is_empty() {
                    let (batch, done, prepare) = (&batch, &mut done, &prepare);
                    scope.spawn(move |_| {
                        *done = Some(
                            batch
                                .par_iter()
                                .map(|(index, item)| prepare(outcome(*index, item)))
                                .collect(),
                        );
                    });
                }
                written.take().into_iter().flatten().try_for_each(&mut sink)
            });
            sunk?;
            written = done;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_includes_and_excludes() {
        let f = Filter::new(&["*.txt".into(), "!*draft*".into()]).unwrap();
        assert!(f.accepts(Path::new("a/b/cv.txt")));
        assert!(!f.accepts(Path::new("a/cv-draft.txt")));
        assert!(!f.accepts(Path::new("cv.pdf")));
        assert!(!Filter::default().accepts(Path::new("x.bin")));
        assert!(Filter::default().accepts(Path::new("a/CV.PDF")));
        assert!(!Filter::default().accepts(Path::new("tool.py")));
        assert!(Filter::new(&["*.bin".into()])
            .unwrap()
            .accepts(Path::new("x.bin")));
        assert!(Filter::new(&["a[".into()]).is_err());
    }

    #[test]
    fn records_accept_string_and_number_ids_and_name_bad_lines() {
        let input =
            "{\"id\": \"a\", \"text\": \"Python\"}\n\n{\"id\": 7, \"text\": \"Go\"}\nnot json\n";
        let items: Vec<Item> = records(input.as_bytes(), "stdin", 1000).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].name(), "a");
        assert_eq!(items[1].name(), "7");
        assert!(matches!(&items[2], Item::Invalid { name, .. } if name == "stdin:4"));
    }

    #[test]
    fn overlong_records_are_skipped_not_held() {
        let long = format!("{{\"id\": \"big\", \"text\": \"{}\"}}", "x".repeat(5000));
        let input = format!("{long}\n{{\"id\": \"small\", \"text\": \"Go\"}}\n");
        let items: Vec<Item> = records(input.as_bytes(), "in", 1000).collect();
        assert_eq!(items.len(), 2);
        assert!(
            matches!(&items[0], Item::Invalid { name, error } if name == "in:1" && error.contains("longer than"))
        );
        assert_eq!(items[1].name(), "small");
    }

    #[test]
    fn path_list_skips_blank_lines() {
        let paths: Vec<PathBuf> = path_list("a.txt\n\n b \r\nc.md\r\n".as_bytes())
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            paths,
            vec![
                PathBuf::from("a.txt"),
                PathBuf::from(" b "),
                PathBuf::from("c.md")
            ]
        );
    }
}
