//! Reading documents: detect the format from the bytes (the file name is only a hint), turn it
//! into plain text with line structure, and find the resume's sections. Knows nothing of skills.
//!
//! Every reader works on untrusted input: sizes are capped before anything is read, ZIP archives
//! are capped on what they unpack to, and the structured readers run in a guarded worker (see
//! `guard.rs`) so that a parser panic or a runaway file becomes an error for that file.

mod builder;
mod decode;
mod docx;
mod guard;
mod html;
mod jsonresume;
mod markdown;
mod pdf;
mod sections;
mod title;

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

pub use guard::panic_message;
pub use sections::{detect_sections, Section, SectionKind};

use builder::Extracted;

/// Default cap on the size of one input (bytes). Resumes and postings are a few hundred KiB at most;
/// the cap keeps a mistaken multi-GB argument from being read into memory.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Default cap on what the parts of a DOCX read here may unpack to, in total.
pub const DEFAULT_MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;

/// Default cap on the number of entries in a DOCX (ZIP) archive. Word writes a few dozen.
pub const DEFAULT_MAX_ZIP_ENTRIES: usize = 10_000;

/// Default time one structured document (PDF, DOCX, HTML, JSON) may take to parse.
pub const DEFAULT_PARSE_TIMEOUT: Duration = Duration::from_secs(20);

/// A top heading this far down still names the document (below a contact line or two).
const TITLE_HEADING_LINES: usize = 10;

/// The detected format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Text,
    Markdown,
    Pdf,
    Docx,
    /// A JSON Resume (jsonresume.org schema).
    JsonResume,
    Html,
    /// A comma-separated skill list given on the command line (`--skills`).
    SkillList,
}

impl Format {
    /// Every format, in declaration order (docs/json.md lists each as a `source.format` value).
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Markdown,
        Format::Pdf,
        Format::Docx,
        Format::JsonResume,
        Format::Html,
        Format::SkillList,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::JsonResume => "json-resume",
            Format::Html => "html",
            Format::SkillList => "skill-list",
        }
    }

    /// The name used in messages ("not a readable PDF file").
    fn label(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Pdf => "PDF",
            Format::Docx => "DOCX",
            Format::JsonResume => "JSON",
            Format::Html => "HTML",
            Format::SkillList => "skill list",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document ready for matching: plain text (lines preserved) and its sections.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from: a path, `-` for standard input, or `--skills`.
    pub source: String,
    pub format: Format,
    pub text: String,
    /// Sections in line order; lines before the first heading belong to no section.
    pub sections: Vec<Section>,
    /// Where lines came from in the original file (PDF page, JSON path), in line order: each entry
    /// applies from its `line` up to the next entry. Empty for plain text.
    pub locations: Vec<Location>,
    /// A human name for the document: a JSON Resume's `basics.name`, else its first heading or
    /// first line when that reads like a person's name or a job title (see `title.rs`).
    pub name: Option<String>,
}

/// The origin of a run of lines in a structured input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// First 1-based line of the extracted text this location applies to.
    pub line: usize,
    /// 1-based PDF page.
    pub page: Option<u32>,
    /// JSON path for JSON Resume input, e.g. `work[0].highlights[2]`.
    pub path: Option<String>,
}

impl Document {
    /// Build a document from text already in memory.
    pub fn from_text(source: impl Into<String>, format: Format, text: String) -> Self {
        let (sections, name) = match format {
            Format::SkillList => (Vec::new(), None),
            _ => (
                detect_sections(&text, format == Format::Markdown),
                title::title_of(&text, None),
            ),
        };
        Document {
            source: source.into(),
            format,
            text,
            sections,
            locations: Vec::new(),
            name,
        }
    }

    /// Build a document from a structured reader's output: its own headings (with levels) and
    /// locations, plus the heading heuristics of plain text unless the format rules them out.
    fn from_extracted(source: &str, format: Format, x: Extracted) -> Self {
        let sections = sections::find_sections(&x.text, &x.headings, false, x.heuristic_headings);
        // A top heading near the start (HTML `h1`, a DOCX title) names the document.
        let top = x
            .headings
            .iter()
            .find(|&&(line, level)| level == 1 && line <= TITLE_HEADING_LINES)
            .map(|&(line, _)| line);
        let name = x
            .name
            .as_deref()
            .and_then(title::stated)
            .or_else(|| title::title_of(&x.text, top));
        Document {
            source: source.to_string(),
            format,
            text: x.text,
            sections,
            locations: x.locations,
            name,
        }
    }

    /// A skill list such as `python, docker, pg`: each item becomes a line of a skills list.
    pub fn from_skill_list(list: &str) -> Self {
        let items: Vec<&str> = list
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let text = format!("Skills: {}\n", items.join(", "));
        Document::from_text("--skills", Format::SkillList, text)
    }

    /// The location (page, JSON path) of 1-based line `line`, if the format records one.
    pub fn location_at(&self, line: usize) -> Option<&Location> {
        let i = self.locations.partition_point(|l| l.line <= line);
        i.checked_sub(1).map(|i| &self.locations[i])
    }

    /// The section kind of 1-based line `line`, if the line is under a heading.
    pub fn section_at(&self, line: usize) -> Option<&Section> {
        let i = self.sections.partition_point(|s| s.start_line <= line);
        i.checked_sub(1).map(|i| &self.sections[i])
    }
}

/// Limits applied while reading untrusted input. The caps on DOCX archives
/// ([`DEFAULT_MAX_UNPACKED_BYTES`], [`DEFAULT_MAX_ZIP_ENTRIES`]) and the parse timeout
/// ([`DEFAULT_PARSE_TIMEOUT`]) are fixed for now.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input read at all, in bytes.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Why an input could not be read. Displayed as one line that names the input.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{source_name}: no such file")]
    NotFound { source_name: String },
    #[error("{source_name}: is a directory (use `skillgap batch` for folders)")]
    IsDirectory { source_name: String },
    #[error("{source_name}: {error}")]
    Io {
        source_name: String,
        error: std::io::Error,
    },
    #[error("{source_name}: file is empty")]
    Empty { source_name: String },
    #[error("{source_name}: contains no text (only white space)")]
    Blank { source_name: String },
    #[error("{source_name}: too large ({size} bytes; the limit is {limit} bytes, see --max-size)")]
    TooLarge {
        source_name: String,
        size: u64,
        limit: u64,
    },
    #[error("{source_name}: binary data, not text ({reason})")]
    Binary { source_name: String, reason: String },
    #[error("{source_name}: {kind} is not a supported format; save it as PDF, DOCX, HTML, Markdown or plain text")]
    Unsupported {
        source_name: String,
        kind: &'static str,
    },
    #[error("{source_name}: not a readable {format} file ({reason})")]
    Malformed {
        source_name: String,
        format: &'static str,
        reason: String,
    },
    #[error("{source_name}: the PDF has no text layer (a scanned image?); run OCR on it first, e.g. `ocrmypdf --force-ocr in.pdf out.pdf`, or use the text version")]
    NoTextLayer { source_name: String },
    #[error("{source_name}: the PDF is encrypted with a password; save an unprotected copy (or the text) and try again")]
    Encrypted { source_name: String },
    #[error("{source_name}: refused as a possible {kind} ({reason})")]
    Bomb {
        source_name: String,
        /// "zip bomb" (DOCX) or "decompression bomb" (PDF streams).
        kind: &'static str,
        reason: String,
    },
    #[error("{source_name}: JSON but not a JSON Resume (no basics/work/skills)")]
    NotJsonResume { source_name: String },
    #[error("{source_name}: the {format} reader failed on this file (internal error: {message})")]
    ParserPanic {
        source_name: String,
        format: &'static str,
        message: String,
    },
    #[error("{source_name}: gave up after {secs} s reading this {format} file (a damaged or hostile file?)")]
    TimedOut {
        source_name: String,
        format: &'static str,
        secs: u64,
    },
}

impl InputError {
    fn io(source_name: &str, error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::NotFound => InputError::NotFound {
                source_name: source_name.to_string(),
            },
            _ => InputError::Io {
                source_name: source_name.to_string(),
                error,
            },
        }
    }
}

/// Why a structured reader failed, before the file name is attached.
#[derive(Debug)]
enum ReadFailure {
    Malformed(String),
    Encrypted,
    /// What would unpack to too much: the kind of bomb and why.
    Bomb(&'static str, String),
    NotJsonResume,
    Unsupported(&'static str),
}

impl ReadFailure {
    fn into_error(self, name: &str, format: Format) -> InputError {
        let source_name = name.to_string();
        match self {
            ReadFailure::Malformed(reason) => InputError::Malformed {
                source_name,
                format: format.label(),
                reason,
            },
            ReadFailure::Encrypted => InputError::Encrypted { source_name },
            ReadFailure::Bomb(kind, reason) => InputError::Bomb {
                source_name,
                kind,
                reason,
            },
            ReadFailure::NotJsonResume => InputError::NotJsonResume { source_name },
            ReadFailure::Unsupported(kind) => InputError::Unsupported { source_name, kind },
        }
    }
}

/// Read a file (or standard input for `-`) into a [`Document`].
pub fn read_path(path: &Path, limits: &Limits) -> Result<Document, InputError> {
    let name = path.display().to_string();
    if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(limits.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::io(&name, e))?;
        if bytes.len() as u64 > limits.max_bytes {
            return Err(InputError::TooLarge {
                source_name: name,
                size: bytes.len() as u64,
                limit: limits.max_bytes,
            });
        }
        return read_bytes(&name, None, &bytes, limits);
    }
    let meta = std::fs::metadata(path).map_err(|e| InputError::io(&name, e))?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory { source_name: name });
    }
    if meta.len() > limits.max_bytes {
        return Err(InputError::TooLarge {
            source_name: name,
            size: meta.len(),
            limit: limits.max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| InputError::io(&name, e))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(InputError::TooLarge {
            source_name: name,
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    read_bytes(&name, ext.as_deref(), &bytes, limits)
}

/// [`read_bytes`] with the default limits.
pub fn from_bytes(name: &str, ext: Option<&str>, bytes: &[u8]) -> Result<Document, InputError> {
    read_bytes(name, ext, bytes, &Limits::default())
}

/// Detect the format of `bytes` (content first, the lower-case extension `ext` as a hint) and
/// extract the text. `name` names the input in errors.
pub fn read_bytes(
    name: &str,
    ext: Option<&str>,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Document, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            source_name: name.to_string(),
        });
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(InputError::TooLarge {
            source_name: name.to_string(),
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    match sniff_binary(bytes) {
        Some(Binary::Pdf) => {
            return structured(name, Format::Pdf, bytes.to_vec(), pdf::extract);
        }
        Some(Binary::Zip) => {
            let zip_limits = docx::ZipLimits {
                max_unpacked_bytes: DEFAULT_MAX_UNPACKED_BYTES,
                max_entries: DEFAULT_MAX_ZIP_ENTRIES,
            };
            return structured(name, Format::Docx, bytes.to_vec(), move |b| {
                docx::extract(b, &zip_limits)
            });
        }
        Some(Binary::Other(kind)) => {
            return Err(InputError::Unsupported {
                source_name: name.to_string(),
                kind,
            })
        }
        None => {}
    }
    let text = decode::to_text(bytes).map_err(|reason| {
        // A name that promises a binary format the bytes lack: say that, not "binary data".
        let promised = match ext {
            Some("pdf") => Some((Format::Pdf, "no %PDF- header")),
            Some("docx" | "docm" | "dotx") => Some((Format::Docx, "not a ZIP archive")),
            _ => None,
        };
        match promised {
            Some((format, why)) => InputError::Malformed {
                source_name: name.to_string(),
                format: format.label(),
                reason: format!(
                    "{why}; the name says {} but the content is not",
                    format.label()
                ),
            },
            None => InputError::Binary {
                source_name: name.to_string(),
                reason,
            },
        }
    })?;
    if text.trim().is_empty() {
        return Err(InputError::Blank {
            source_name: name.to_string(),
        });
    }
    let format = sniff_text(&text, ext);
    match format {
        Format::JsonResume => structured(name, format, text, |t| jsonresume::extract(&t)),
        Format::Html => structured(name, format, text, |t| html::extract(&t)),
        Format::Markdown => Ok(Document::from_text(name, format, markdown::unescape(&text))),
        _ => Ok(Document::from_text(name, format, text)),
    }
}

/// Parse `bytes` as `format` with that format's reader, with no content sniffing and **without
/// the guard**: a parser panic reaches the caller and nothing is timed. For the fuzz targets
/// (`fuzz/`), which need panics to surface; everything else uses [`read_bytes`].
#[doc(hidden)]
pub fn parse_unguarded(name: &str, format: Format, bytes: &[u8]) -> Result<Document, InputError> {
    let extracted = match format {
        Format::Pdf => pdf::extract(bytes.to_vec()),
        Format::Docx => docx::extract(
            bytes.to_vec(),
            &docx::ZipLimits {
                max_unpacked_bytes: DEFAULT_MAX_UNPACKED_BYTES,
                max_entries: DEFAULT_MAX_ZIP_ENTRIES,
            },
        ),
        Format::JsonResume | Format::Html => {
            let text = decode::to_text(bytes).map_err(|reason| InputError::Binary {
                source_name: name.to_string(),
                reason,
            })?;
            if format == Format::Html {
                html::extract(&text)
            } else {
                jsonresume::extract(&text)
            }
        }
        // Plain text has no parser to guard: the ordinary path (which sniffs the content).
        Format::Text | Format::Markdown | Format::SkillList => {
            return read_bytes(name, None, bytes, &Limits::default())
        }
    };
    finish_structured(
        name,
        format,
        extracted.map_err(|f| f.into_error(name, format))?,
    )
}

/// Run a structured reader under the guard and turn every way it can fail into an [`InputError`].
fn structured<I: Send + 'static>(
    name: &str,
    format: Format,
    input: I,
    reader: impl FnOnce(I) -> Result<Extracted, ReadFailure> + Send + 'static,
) -> Result<Document, InputError> {
    let outcome = guard::run(DEFAULT_PARSE_TIMEOUT, move || reader(input));
    let source_name = name.to_string();
    let extracted = match outcome {
        Ok(Ok(x)) => x,
        Ok(Err(failure)) => return Err(failure.into_error(name, format)),
        Err(guard::Failure::Panicked(message)) => {
            return Err(InputError::ParserPanic {
                source_name,
                format: format.label(),
                message,
            })
        }
        Err(guard::Failure::TimedOut) => {
            return Err(InputError::TimedOut {
                source_name,
                format: format.label(),
                secs: DEFAULT_PARSE_TIMEOUT.as_secs(),
            })
        }
        Err(guard::Failure::Spawn(error)) => return Err(InputError::Io { source_name, error }),
    };
    finish_structured(name, format, extracted)
}

/// A structured reader's text as a [`Document`], or the error for a reader that found none.
fn finish_structured(
    name: &str,
    format: Format,
    extracted: Extracted,
) -> Result<Document, InputError> {
    let source_name = name.to_string();
    if extracted.text.trim().is_empty() {
        return Err(match format {
            Format::Pdf => InputError::NoTextLayer { source_name },
            _ => InputError::Blank { source_name },
        });
    }
    Ok(Document::from_extracted(name, format, extracted))
}

/// Binary formats recognised by their first bytes.
#[derive(Debug, PartialEq, Eq)]
enum Binary {
    Pdf,
    Zip,
    /// Known but not read: the name to show.
    Other(&'static str),
}

fn sniff_binary(bytes: &[u8]) -> Option<Binary> {
    // A PDF header may follow up to 1 KiB of junk (the PDF spec tolerates it, and so do readers).
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        Some(Binary::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Binary::Zip)
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some(Binary::Other("legacy Word (.doc)"))
    } else if bytes.starts_with(b"{\\rtf") {
        Some(Binary::Other("RTF"))
    } else {
        None
    }
}

/// The format of decoded text: JSON Resume, HTML, Markdown or plain text.
fn sniff_text(text: &str, ext: Option<&str>) -> Format {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if ext == Some("json") || (start.starts_with('{') && jsonresume::is_json(start)) {
        return Format::JsonResume;
    }
    let html_name = matches!(ext, Some("html" | "htm" | "xhtml"));
    if html::looks_like_html(start) || (html_name && start.starts_with('<')) {
        return Format::Html;
    }
    if matches!(ext, Some("md" | "markdown")) || looks_like_markdown(text) {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Markdown without an `.md` name: ATX headings or list markers on several lines.
fn looks_like_markdown(text: &str) -> bool {
    let headings = text
        .lines()
        .take(400)
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ")
        })
        .count();
    headings >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_are_errors_naming_the_source() {
        let e = from_bytes("a.txt", Some("txt"), b"").unwrap_err();
        assert_eq!(e.to_string(), "a.txt: file is empty");
        let e = from_bytes("b.txt", Some("txt"), b" \n\t\n").unwrap_err();
        assert!(e.to_string().starts_with("b.txt: contains no text"));
    }

    #[test]
    fn pdf_magic_is_detected_by_content_not_name() {
        let e = from_bytes("resume.txt", Some("txt"), b"%PDF-1.7\n...").unwrap_err();
        assert!(e.to_string().contains("PDF"), "{e}");
        assert!(e.to_string().starts_with("resume.txt: "), "{e}");
    }

    #[test]
    fn skill_list_becomes_a_skills_line() {
        let d = Document::from_skill_list("python, docker ,pg");
        assert_eq!(d.text, "Skills: python, docker, pg\n");
        assert_eq!(d.format, Format::SkillList);
    }

    #[test]
    fn markdown_is_detected_by_extension_or_headings() {
        let d = from_bytes("r", None, b"# Jane\n## Skills\n- Go\n").unwrap();
        assert_eq!(d.format, Format::Markdown);
        let d = from_bytes("r.md", Some("md"), b"Jane\n").unwrap();
        assert_eq!(d.format, Format::Markdown);
        let d = from_bytes("r.txt", Some("txt"), b"Jane\n").unwrap();
        assert_eq!(d.format, Format::Text);
    }

    #[test]
    fn json_and_html_are_detected_by_content() {
        let d = from_bytes(
            "r.txt",
            Some("txt"),
            br#"{"basics":{"name":"J"},"skills":[{"name":"Go"}]}"#,
        )
        .unwrap();
        assert_eq!(d.format, Format::JsonResume);
        let d = from_bytes("r.txt", None, b"<!DOCTYPE html><p>Skills: Go</p>").unwrap();
        assert_eq!(d.format, Format::Html);
        let d = from_bytes("r.htm", Some("htm"), b"<div>Skills: Go</div>").unwrap();
        assert_eq!(d.format, Format::Html);
        // Text that merely mentions a tag stays text.
        let d = from_bytes(
            "r.txt",
            Some("txt"),
            b"Built <Button> components in React\n",
        )
        .unwrap();
        assert_eq!(d.format, Format::Text);
    }

    #[test]
    fn legacy_formats_are_named() {
        let e = from_bytes(
            "cv.doc",
            Some("doc"),
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
        )
        .unwrap_err();
        assert!(e.to_string().contains("legacy Word"), "{e}");
    }

    #[test]
    fn all_formats_are_listed() {
        // Exhaustive: a new format fails to compile here until it gets a place in `ALL`.
        let place = |f: Format| match f {
            Format::Text => 0,
            Format::Markdown => 1,
            Format::Pdf => 2,
            Format::Docx => 3,
            Format::JsonResume => 4,
            Format::Html => 5,
            Format::SkillList => 6,
        };
        for (i, f) in Format::ALL.into_iter().enumerate() {
            assert_eq!(place(f), i, "{f:?}");
        }
    }
}
