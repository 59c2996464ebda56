//! What each fuzz target does with one input, shared by the targets (`fuzz_targets/*.rs`) and the
//! regression test that replays `fixtures/fuzz-regressions/<target>/*` (`tests/regression.rs`).
//! Every function must return normally for any input; a panic is a bug.

use std::sync::OnceLock;

use skillgap::analysis;
use skillgap::analysis::job;
use skillgap::input::{parse_unguarded, Document, Format};
use skillgap::matcher::{Hit, Matcher};
use skillgap::taxonomy::Taxonomy;
use skillgap::text::{line_col, line_starts, Normalized};

const RESUME: &str = include_str!("../fixtures/resumes/alex-rivera.txt");

/// The embedded taxonomy's matcher, built once per process.
fn matcher() -> &'static Matcher<'static> {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    static MATCHER: OnceLock<Matcher<'static>> = OnceLock::new();
    MATCHER.get_or_init(|| {
        Matcher::new(TAXONOMY.get_or_init(|| Taxonomy::embedded().expect("embedded taxonomy")))
    })
}

/// Run the check named `target` (a fuzz target's name) on `data`.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "normalize_match" => normalize_match(data),
        "pdf" => pdf(data),
        "docx" => docx(data),
        "json_resume" => json_resume(data),
        "html" => html(data),
        "taxonomy" => taxonomy(data),
        "posting" => posting(data),
        other => panic!("no fuzz target named {other}"),
    }
}

/// PDF, with one allowance: pdf-extract and the crates under it (lopdf, adobe-cmap-parser, ...)
/// panic on many malformed files (`unwrap`s on missing objects), which `read_bytes` contains by
/// running the reader in its guarded worker. A panic raised inside a dependency's own code (a
/// crates.io source file) is therefore tolerated here, so that fuzzing goes on
/// to what the guard cannot contain: panics in skillgap's code, stack overflows, memory blow-ups
/// and hangs. `SKILLGAP_FUZZ_STRICT=1` makes every panic fatal.
pub fn pdf(data: &[u8]) {
    tolerating_dependency_panics(&["/registry/src/"], || {
        let _ = parse_unguarded("fuzz", Format::Pdf, data);
    });
}

/// Run `f`; a panic whose location is in a file whose path contains one of `crates` is swallowed,
/// any other goes to the previous hook (libFuzzer's, which aborts) and on up to the caller.
fn tolerating_dependency_panics(crates: &'static [&'static str], f: impl FnOnce()) {
    use std::cell::Cell;
    use std::panic;
    thread_local! {
        static TOLERATED: Cell<&'static [&'static str]> = const { Cell::new(&[]) };
        static SWALLOWED: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("SKILLGAP_FUZZ_STRICT").is_some_and(|v| v == "1") {
        return f();
    }
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let file = info.location().map_or("", |l| l.file());
            let swallow = TOLERATED.with(Cell::get).iter().any(|c| file.contains(c));
            SWALLOWED.with(|s| s.set(swallow));
            if !swallow {
                previous(info);
            }
        }));
    });
    TOLERATED.with(|t| t.set(crates));
    let outcome = panic::catch_unwind(panic::AssertUnwindSafe(f));
    TOLERATED.with(|t| t.set(&[]));
    if let Err(payload) = outcome {
        if !SWALLOWED.with(Cell::get) {
            panic::resume_unwind(payload);
        }
    }
}

/// DOCX, structure-aware. An input that starts like a ZIP archive (`PK`) is read as the whole
/// file. Any other input is split at its first 0xFF byte (never part of UTF-8 text) into
/// `word/document.xml` and `word/styles.xml` and packed into a valid archive first: mutating whole
/// archives mostly breaks a CRC or the central directory, so without this few executions reach
/// the XML reader (paragraphs, tables, heading styles).
pub fn docx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        pack_docx(data)
    };
    let _ = parse_unguarded("fuzz", Format::Docx, &bytes);
}

/// `document.xml [0xFF styles.xml]` as a stored (uncompressed) ZIP archive.
fn pack_docx(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let (document, styles) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let parts = std::iter::once(("word/document.xml", document))
        .chain(styles.map(|s| ("word/styles.xml", s)));
    for (name, part) in parts {
        zip.start_file(name, stored).expect("writing to memory");
        zip.write_all(part).expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}

pub fn json_resume(data: &[u8]) {
    let _ = parse_unguarded("fuzz", Format::JsonResume, data);
}

pub fn html(data: &[u8]) {
    let _ = parse_unguarded("fuzz", Format::Html, data);
}

/// `Normalized` invariants on arbitrary UTF-8, then the matcher and the analysis: every hit in
/// bounds, on character boundaries, at the line and column it claims.
pub fn normalize_match(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_normalized(text);
    let m = matcher();
    let format = if text.starts_with('#') {
        Format::Markdown
    } else {
        Format::Text
    };
    let doc = Document::from_text("fuzz", format, text.to_string());
    let starts = line_starts(&doc.text);
    for h in m.find(&doc) {
        assert!(
            h.start <= h.end && h.end <= doc.text.len(),
            "hit {}..{} out of bounds",
            h.start,
            h.end
        );
        assert!(doc.text.is_char_boundary(h.start) && doc.text.is_char_boundary(h.end));
        assert_eq!(line_col(&doc.text, &starts, h.start), (h.line, h.column));
    }
    let _ = analysis::analyze(m, &doc, m.taxonomy().default_role());
}

fn check_normalized(original: &str) {
    let n = Normalized::new(original);
    assert!(!n.text.contains("  "), "white space not folded");
    assert!(
        !n.text.chars().any(|c| c.is_whitespace() && c != ' '),
        "white space other than ' ' left"
    );
    let mut previous = 0;
    for i in 0..=n.text.len() {
        let at = n.original_offset(i);
        assert!(at <= original.len(), "offset {at} past the end");
        assert!(original.is_char_boundary(at), "offset {at} inside a char");
        assert!(at >= previous, "offsets go backwards at {i}");
        previous = at;
    }
    assert_eq!(n.original_offset(n.text.len()), original.len());
    // Every char-aligned normalised range maps to a char-aligned original range.
    let bounds: Vec<usize> = n
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(n.text.len()))
        .collect();
    for w in bounds.windows(2).take(256) {
        let (s, e) = n.original_range(w[0], w[1], original);
        assert!(s <= e && e <= original.len(), "range {s}..{e}");
        assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
    }
    let (s, e) = n.original_range(0, n.text.len(), original);
    assert!(s <= e && e <= original.len());
    assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
}

/// The taxonomy loader `--taxonomy FILE` uses; a taxonomy that loads must also build a matcher
/// and analyse a resume against each of its roles.
pub fn taxonomy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tax) = Taxonomy::from_toml_str("fuzz.toml", text) else {
        return;
    };
    let matcher = Matcher::new(&tax);
    let doc = Document::from_skill_list("python, docker, pg, go, c++, node.js");
    let _ = analysis::analyze(&matcher, &doc, tax.default_role());
    let doc = Document::from_text("resume", Format::Text, RESUME.to_string());
    for role in &tax.roles {
        let _ = analysis::analyze(&matcher, &doc, role);
    }
}

/// A posting (any text) → its requirements and mentions, compared with a fixed resume.
pub fn posting(data: &[u8]) {
    let Ok(doc) = parse_unguarded("posting", Format::Text, data) else {
        return;
    };
    let m = matcher();
    let posting = job::requirements(m, &doc);
    let _ = job::extract(m, &doc);
    static RESUME_HITS: OnceLock<(Document, Vec<Hit>)> = OnceLock::new();
    let (resume, hits) = RESUME_HITS.get_or_init(|| {
        let resume = Document::from_text("resume", Format::Text, RESUME.to_string());
        let hits = m.find(&resume);
        (resume, hits)
    });
    let _ = job::compare(m.taxonomy(), resume, hits, &posting);
}
