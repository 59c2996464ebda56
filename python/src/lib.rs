//! `skillgap._skillgap`: the native half of the Python package. It reads documents, analyses
//! them with the same library calls the CLI makes (`skillgap::pipeline`) and hands each result
//! back as the JSON text `skillgap analyze --format json` prints; `skillgap/__init__.py` turns
//! that into Python objects, so the dict a Python user gets is the CLI's contract by
//! construction. Every heavy step runs with the GIL released.

use std::collections::{HashMap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::SystemTime;

use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyString, PyTuple};
use rayon::prelude::*;
use self_cell::self_cell;

use skillgap::analysis::job;
use skillgap::analysis::market::{Fitter, Market, DEFAULT_READY_AT};
use skillgap::analysis::plan::PlanScope;
use skillgap::analysis::Analysis;
use skillgap::cohort::FailureRecord;
use skillgap::input::{self, Document, Limits};
use skillgap::matcher::Matcher;
use skillgap::pipeline::{self, MarketChoice};
use skillgap::taxonomy::Taxonomy;

// As in the binary (src/main.rs): an analysis makes and drops many small allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    skillgap,
    SkillgapError,
    PyException,
    "A document, taxonomy or market skillgap could not use; the message is the CLI's one line."
);

fn fail(message: impl ToString) -> PyErr {
    SkillgapError::new_err(message.to_string())
}

/// Documents per worker thread taken from the iterable at a time (as `batch`).
const WINDOW_PER_THREAD: usize = 16;

/// Document extensions: a one-line `str` ending in one is a path, even when the file is missing
/// (so a typo says "no such file" instead of analysing the file name as a resume).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "pdf", "docx", "doc", "odt", "rtf", "html", "htm", "json",
];

/// One document as the caller gave it, owned so a worker thread can read it.
#[derive(Debug)]
enum Source {
    Path(PathBuf),
    Text { name: String, text: String },
    Bytes { name: String, data: Vec<u8> },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Text { name, .. } | Source::Bytes { name, .. } => name.clone(),
        }
    }

    fn read(&self, limits: &Limits) -> Result<Document, input::InputError> {
        let ext = |name: &str| {
            Path::new(name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
        };
        match self {
            Source::Path(p) => input::read_path(p, limits),
            Source::Text { name, text } => {
                input::read_bytes(name, ext(name).as_deref(), text.as_bytes(), limits)
            }
            Source::Bytes { name, data } => {
                input::read_bytes(name, ext(name).as_deref(), data, limits)
            }
        }
    }
}

/// A `str` that is one line and names an existing file or a document file name.
fn looks_like_path(s: &str) -> bool {
    if s.is_empty() || s.len() > 4096 || s.contains('\n') {
        return false;
    }
    let path = Path::new(s);
    path.exists()
        || path.extension().is_some_and(|e| {
            let e = e.to_string_lossy().to_ascii_lowercase();
            DOCUMENT_EXTENSIONS.contains(&e.as_str())
        })
}

/// `str` (a path or the text), `bytes`/`bytearray` (a file's content) or an `os.PathLike`.
fn source_of(obj: &Bound<'_, PyAny>, name: Option<String>) -> PyResult<Source> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Source::Bytes {
            name: name.unwrap_or_else(|| "<bytes>".into()),
            data: b.as_bytes().to_vec(),
        });
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Source::Bytes {
            name: name.unwrap_or_else(|| "<bytes>".into()),
            data: b.to_vec(),
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s: String = s.extract()?;
        return Ok(if name.is_none() && looks_like_path(&s) {
            Source::Path(PathBuf::from(s))
        } else {
            Source::Text {
                name: name.unwrap_or_else(|| "<text>".into()),
                text: s,
            }
        });
    }
    if obj.hasattr("__fspath__")? {
        let path: PathBuf = obj.extract()?;
        return Ok(Source::Path(path));
    }
    Err(PyTypeError::new_err(format!(
        "expected a str (path or text), bytes or os.PathLike, got {}",
        obj.get_type().name()?
    )))
}

/// An item of `analyze_many`: a document as `analyze` takes it, or a `(name, text_or_bytes)`
/// pair (the name names it in results and errors, its extension hints the format).
fn item_source(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(t) = obj.cast::<PyTuple>() {
        if t.len() != 2 {
            return Err(PyTypeError::new_err(format!(
                "a tuple item is (name, text_or_bytes), got {} elements",
                t.len()
            )));
        }
        let name: String = t.get_item(0)?.str()?.extract()?;
        let data = t.get_item(1)?;
        if let Ok(s) = data.cast::<PyString>() {
            return Ok(Source::Text {
                name,
                text: s.extract()?,
            });
        }
        return source_of(&data, Some(name));
    }
    source_of(obj, None)
}

/// Which market, as the Python `market=` argument says it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum MarketSpec {
    BuiltIn,
    None,
    /// The file's modification time and size are part of the key: an edited file is read again.
    Path {
        path: PathBuf,
        stamp: Option<(SystemTime, u64)>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct EngineKey {
    market: MarketSpec,
    level: Option<String>,
    ready_at_bits: u64,
}

fn market_spec(market: Option<&Bound<'_, PyAny>>) -> PyResult<MarketSpec> {
    let Some(m) = market.filter(|m| !m.is_none()) else {
        return Ok(MarketSpec::BuiltIn);
    };
    if let Ok(b) = m.extract::<bool>() {
        if b {
            return Err(PyValueError::new_err(
                "market=True is not a market: give a path, None (the built-in market) or False (no market)",
            ));
        }
        return Ok(MarketSpec::None);
    }
    let path: PathBuf = m.extract().map_err(|_| {
        PyTypeError::new_err("market is a path (str or os.PathLike), None or False")
    })?;
    let stamp = std::fs::metadata(&path)
        .ok()
        .and_then(|md| Some((md.modified().ok()?, md.len())));
    Ok(MarketSpec::Path { path, stamp })
}

/// What the engine owns: the taxonomy and the market read for it.
struct Owned {
    taxonomy: Arc<Taxonomy>,
    market: Option<Market>,
    level: Option<String>,
    ready_at: f64,
}

/// What borrows from it: the compiled matcher and the prepared market.
struct Parts<'a> {
    matcher: Matcher<'a>,
    fitter: Option<Fitter<'a>>,
}

self_cell!(
    /// A taxonomy compiled for matching, with one market prepared: everything an analysis needs,
    /// built once and shared by every call and worker thread.
    struct Engine {
        owner: Owned,
        #[covariant]
        dependent: Parts,
    }
);

impl Engine {
    fn build(taxonomy: Arc<Taxonomy>, key: &EngineKey) -> Result<Engine, String> {
        let market = match &key.market {
            MarketSpec::None => None,
            // The built-in market is data compiled for the built-in skill ids: no matcher needed.
            MarketSpec::BuiltIn => Market::embedded(&taxonomy).map_err(|e| e.to_string())?,
            MarketSpec::Path { path, .. } => {
                let matcher = Matcher::new(&taxonomy);
                pipeline::load_market(&matcher, MarketChoice::Path(path), &Limits::default())
                    .map_err(|e| e.to_string())?
            }
        };
        let owned = Owned {
            taxonomy,
            market,
            level: key.level.clone(),
            ready_at: f64::from_bits(key.ready_at_bits),
        };
        Engine::try_new(owned, |o| {
            let fitter = o
                .market
                .as_ref()
                .map(|m| Fitter::new(&o.taxonomy, m, o.level.as_deref(), o.ready_at))
                .transpose()
                .map_err(|e| e.to_string())?;
            Ok(Parts {
                matcher: Matcher::new(&o.taxonomy),
                fitter,
            })
        })
    }

    fn taxonomy(&self) -> &Taxonomy {
        &self.borrow_owner().taxonomy
    }

    fn analyze_doc(
        &self,
        doc: &Document,
        role: Option<&str>,
        job: Option<&Document>,
    ) -> Result<Analysis, String> {
        let parts = self.borrow_dependent();
        let role = pipeline::role_choice(self.taxonomy(), role).map_err(|e| e.to_string())?;
        let request = pipeline::Request {
            role,
            market: parts.fitter.as_ref(),
            plan: PlanScope::Focused,
            job,
        };
        // As `batch`: a bug in the analysis names the document instead of killing the caller.
        catch_unwind(AssertUnwindSafe(|| {
            pipeline::analyze_document(&parts.matcher, doc, &request)
        }))
        .map_err(|panic| {
            let msg = skillgap::input::panic_message(panic.as_ref());
            format!(
                "{}: internal error while analysing ({msg}); please report it",
                doc.source
            )
        })
    }

    /// One item of `analyze_many`: `(true, analysis JSON)` or `(false, failure row JSON)`, the
    /// row `batch --format jsonl` writes for a document it could not read. Without `details`
    /// the catalogue text is left empty, as in `batch` lines.
    fn analyze_item(&self, source: &Source, role: Option<&str>, details: bool) -> (bool, String) {
        let result = source
            .read(&Limits::default())
            .map_err(|e| e.to_string())
            .and_then(|doc| self.analyze_doc(&doc, role, None));
        match result {
            Ok(mut analysis) => {
                if !details {
                    analysis.drop_catalogue();
                }
                match serde_json::to_string(&analysis) {
                    Ok(json) => (true, json),
                    Err(e) => self.failure(source, e.to_string()),
                }
            }
            Err(error) => self.failure(source, error),
        }
    }

    fn failure(&self, source: &Source, error: String) -> (bool, String) {
        let failure = skillgap::cohort::Failure {
            source: source.name(),
            error,
        };
        let row = serde_json::to_string(&FailureRecord::from(&failure)).unwrap_or_default();
        (false, row)
    }
}

/// A taxonomy and the engines built from it, one per market setting.
struct TaxState {
    taxonomy: Arc<Taxonomy>,
    /// `built-in` or the path it was loaded from.
    origin: String,
    engines: Mutex<HashMap<EngineKey, Arc<Engine>>>,
}

impl TaxState {
    fn new(taxonomy: Taxonomy, origin: String) -> Self {
        TaxState {
            taxonomy: Arc::new(taxonomy),
            origin,
            engines: Mutex::new(HashMap::new()),
        }
    }

    fn engine(&self, key: EngineKey) -> Result<Arc<Engine>, String> {
        let mut engines = self.engines.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = engines.get(&key) {
            return Ok(Arc::clone(e));
        }
        let engine = Arc::new(Engine::build(Arc::clone(&self.taxonomy), &key)?);
        engines.insert(key, Arc::clone(&engine));
        Ok(engine)
    }
}

fn builtin_state() -> PyResult<Arc<TaxState>> {
    static BUILTIN: OnceLock<Arc<TaxState>> = OnceLock::new();
    if let Some(s) = BUILTIN.get() {
        return Ok(Arc::clone(s));
    }
    let tax = Taxonomy::embedded().map_err(|e| fail(format!("built-in taxonomy: {e}")))?;
    Ok(Arc::clone(BUILTIN.get_or_init(|| {
        Arc::new(TaxState::new(tax, "built-in".into()))
    })))
}

/// A skill taxonomy: the built-in one or a user's TOML (`skillgap --taxonomy`).
#[pyclass(frozen, module = "skillgap._skillgap", name = "NativeTaxonomy")]
struct NativeTaxonomy {
    state: Arc<TaxState>,
}

#[pymethods]
impl NativeTaxonomy {
    /// The built-in taxonomy.
    #[staticmethod]
    fn builtin() -> PyResult<Self> {
        Ok(NativeTaxonomy {
            state: builtin_state()?,
        })
    }

    /// Load and validate a taxonomy file or folder; errors as `skillgap --taxonomy` gives them.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let origin = path.display().to_string();
        let tax = py
            .detach(|| Taxonomy::from_path(&path))
            .map_err(|e| fail(format!("invalid taxonomy: {e}")))?;
        Ok(NativeTaxonomy {
            state: Arc::new(TaxState::new(tax, origin)),
        })
    }

    #[getter]
    fn origin(&self) -> String {
        self.state.origin.clone()
    }

    /// `skillgap taxonomy list --format json`.
    fn skills_json(&self) -> PyResult<String> {
        serde_json::to_string(&skillgap::report::listing::skill_rows(&self.state.taxonomy))
            .map_err(fail)
    }

    /// `skillgap roles --format json`.
    fn roles_json(&self) -> PyResult<String> {
        serde_json::to_string(&skillgap::report::listing::role_rows(&self.state.taxonomy))
            .map_err(fail)
    }
}

fn state_of(taxonomy: Option<&Bound<'_, NativeTaxonomy>>) -> PyResult<Arc<TaxState>> {
    match taxonomy {
        Some(t) => Ok(Arc::clone(&t.get().state)),
        None => builtin_state(),
    }
}

/// The engine for these arguments, built (with the GIL released) on first use.
fn engine_for(
    py: Python<'_>,
    taxonomy: Option<&Bound<'_, NativeTaxonomy>>,
    market: MarketSpec,
    level: Option<String>,
    ready_at: f64,
) -> PyResult<Arc<Engine>> {
    if !(0.0..=100.0).contains(&ready_at) {
        return Err(PyValueError::new_err(format!(
            "ready_at must be between 0 and 100, got {ready_at}"
        )));
    }
    let state = state_of(taxonomy)?;
    let key = EngineKey {
        market,
        level,
        ready_at_bits: ready_at.to_bits(),
    };
    py.detach(|| state.engine(key)).map_err(fail)
}

/// Check `role` against the taxonomy before any document is read.
fn check_role(engine: &Engine, role: Option<&str>) -> PyResult<()> {
    pipeline::role_choice(engine.taxonomy(), role)
        .map(|_| ())
        .map_err(fail)
}

/// Analyse one document; the JSON text of `skillgap analyze --format json`.
#[pyfunction]
#[pyo3(signature = (source, *, name=None, role=None, market=None, level=None, ready_at=DEFAULT_READY_AT, job=None, taxonomy=None))]
#[allow(clippy::too_many_arguments)]
fn analyze(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: Option<String>,
    role: Option<String>,
    market: Option<&Bound<'_, PyAny>>,
    level: Option<String>,
    ready_at: f64,
    job: Option<&Bound<'_, PyAny>>,
    taxonomy: Option<&Bound<'_, NativeTaxonomy>>,
) -> PyResult<String> {
    let source = source_of(source, name)?;
    let job = job.map(|j| source_of(j, None)).transpose()?;
    let engine = engine_for(py, taxonomy, market_spec(market)?, level, ready_at)?;
    check_role(&engine, role.as_deref())?;
    py.detach(|| {
        let doc = source.read(&Limits::default()).map_err(|e| e.to_string())?;
        let posting = job
            .map(|j| j.read(&Limits::default()))
            .transpose()
            .map_err(|e| e.to_string())?;
        let result = engine.analyze_doc(&doc, role.as_deref(), posting.as_ref())?;
        serde_json::to_string(&result).map_err(|e| e.to_string())
    })
    .map_err(fail)
}

/// The skills one document shows; the JSON text of `skillgap extract --format json`.
#[pyfunction]
#[pyo3(signature = (source, *, name=None, taxonomy=None))]
fn extract(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: Option<String>,
    taxonomy: Option<&Bound<'_, NativeTaxonomy>>,
) -> PyResult<String> {
    let source = source_of(source, name)?;
    let engine = engine_for(py, taxonomy, MarketSpec::None, None, DEFAULT_READY_AT)?;
    py.detach(|| {
        let doc = source.read(&Limits::default()).map_err(|e| e.to_string())?;
        let found = job::extract(&engine.borrow_dependent().matcher, &doc);
        serde_json::to_string(&found).map_err(|e| e.to_string())
    })
    .map_err(fail)
}

/// One window's results: `(ok, json)` per document, in input order.
type Window = Vec<(bool, String)>;

/// Results of `analyze_many`, in input order: `(ok, json)` pairs.
#[pyclass(module = "skillgap._skillgap")]
struct Many {
    engine: Arc<Engine>,
    role: Option<String>,
    details: bool,
    items: Option<Py<PyIterator>>,
    /// `None` for one thread: everything then runs on the calling thread.
    pool: Option<Arc<rayon::ThreadPool>>,
    window: usize,
    ready: VecDeque<(bool, String)>,
    /// The window the pool is working on while Python consumes the one before.
    pending: Option<Mutex<mpsc::Receiver<Window>>>,
    /// An error from the iterable, raised once the results before it are out.
    error: Option<PyErr>,
}

impl Many {
    /// Up to a window of sources from the iterable (the GIL held: it is Python code).
    fn pull(&mut self, py: Python<'_>) -> Vec<Source> {
        let mut sources = Vec::new();
        let Some(items) = &self.items else {
            return sources;
        };
        let mut items = items.bind(py).clone();
        while sources.len() < self.window {
            match items.next() {
                None => {
                    self.items = None;
                    break;
                }
                Some(Ok(item)) => match item_source(&item) {
                    Ok(s) => sources.push(s),
                    Err(e) => {
                        self.fail(e);
                        break;
                    }
                },
                Some(Err(e)) => {
                    self.fail(e);
                    break;
                }
            }
        }
        sources
    }

    fn fail(&mut self, e: PyErr) {
        self.error = Some(e);
        self.items = None;
    }

    /// Hand the next window to the pool.
    fn dispatch(&mut self, py: Python<'_>, pool: &rayon::ThreadPool) {
        let sources = self.pull(py);
        if sources.is_empty() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let engine = Arc::clone(&self.engine);
        let (role, details) = (self.role.clone(), self.details);
        pool.spawn(move || {
            let done = sources
                .par_iter()
                .map(|s| engine.analyze_item(s, role.as_deref(), details))
                .collect();
            // The receiver is gone when the iterator was dropped early: nothing to do then.
            let _ = tx.send(done);
        });
        self.pending = Some(Mutex::new(rx));
    }
}

#[pymethods]
impl Many {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<(bool, String)>> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                return Ok(Some(next));
            }
            if let Some(rx) = self.pending.take() {
                let rx = rx.into_inner().unwrap_or_else(|p| p.into_inner());
                let done = py
                    .detach(move || rx.recv())
                    .map_err(|_| fail("internal error: a worker thread stopped"))?;
                self.ready.extend(done);
                if let Some(pool) = self.pool.clone() {
                    self.dispatch(py, &pool);
                }
                continue;
            }
            match self.pool.clone() {
                Some(pool) => {
                    self.dispatch(py, &pool);
                    if self.pending.is_none() {
                        break;
                    }
                }
                None => {
                    let sources = self.pull(py);
                    if sources.is_empty() {
                        break;
                    }
                    let (engine, role, details) =
                        (&self.engine, self.role.as_deref(), self.details);
                    let done: Vec<_> = py.detach(|| {
                        sources
                            .iter()
                            .map(|s| engine.analyze_item(s, role, details))
                            .collect()
                    });
                    self.ready.extend(done);
                }
            }
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }
}

/// Analyse every document of an iterable; see `skillgap.analyze_many`.
#[pyfunction]
#[pyo3(signature = (items, *, threads=None, details=true, role=None, market=None, level=None, ready_at=DEFAULT_READY_AT, taxonomy=None))]
#[allow(clippy::too_many_arguments)]
fn analyze_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    threads: Option<usize>,
    details: bool,
    role: Option<String>,
    market: Option<&Bound<'_, PyAny>>,
    level: Option<String>,
    ready_at: f64,
    taxonomy: Option<&Bound<'_, NativeTaxonomy>>,
) -> PyResult<Many> {
    let items = items.try_iter()?.unbind();
    let engine = engine_for(py, taxonomy, market_spec(market)?, level, ready_at)?;
    check_role(&engine, role.as_deref())?;
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let pool = if threads > 1 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("skillgap-py-{i}"))
            .build()
            .map_err(|e| fail(format!("cannot start {threads} threads: {e}")))?;
        Some(Arc::new(pool))
    } else {
        None
    };
    Ok(Many {
        engine,
        role,
        details,
        items: Some(items),
        pool,
        window: threads * WINDOW_PER_THREAD,
        ready: VecDeque::new(),
        pending: None,
        error: None,
    })
}

/// The version of the skillgap library this module was built from.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
mod _skillgap {
    #[pymodule_export]
    use super::{analyze, analyze_many, extract, version, Many, NativeTaxonomy, SkillgapError};
}
