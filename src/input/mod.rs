//! Reading documents: detect the format from the bytes, turn them into plain text with line
//! structure, and find the resume's sections. Knows nothing of skills.

mod decode;
mod sections;

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

pub use sections::{detect_sections, Section, SectionKind};

/// Default cap on the size of one input (bytes). Resumes and postings are a few hundred KiB at most;
/// the cap keeps a mistaken multi-GB argument from being read into memory.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The detected format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Text,
    Markdown,
    /// A comma-separated skill list given on the command line (`--skills`).
    SkillList,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::SkillList => "skill-list",
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
        let sections = match format {
            Format::SkillList => Vec::new(),
            Format::Text | Format::Markdown => detect_sections(&text, format == Format::Markdown),
        };
        Document {
            source: source.into(),
            format,
            text,
            sections,
            locations: Vec::new(),
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

/// Limits applied while reading untrusted input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
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
    #[error("{source_name}: {kind} files are not supported yet; save it as plain text (.txt) or Markdown")]
    Unsupported {
        source_name: String,
        kind: &'static str,
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
        return from_bytes(&name, None, &bytes);
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
    from_bytes(&name, ext.as_deref(), &bytes)
}

/// Detect the format of `bytes` (content first, extension as a hint) and extract the text.
pub fn from_bytes(name: &str, ext: Option<&str>, bytes: &[u8]) -> Result<Document, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            source_name: name.to_string(),
        });
    }
    if let Some(kind) = sniff_container(bytes) {
        return Err(InputError::Unsupported {
            source_name: name.to_string(),
            kind,
        });
    }
    let text = decode::to_text(bytes).map_err(|reason| InputError::Binary {
        source_name: name.to_string(),
        reason,
    })?;
    if text.trim().is_empty() {
        return Err(InputError::Blank {
            source_name: name.to_string(),
        });
    }
    let format = if matches!(ext, Some("md" | "markdown")) || looks_like_markdown(&text) {
        Format::Markdown
    } else {
        Format::Text
    };
    Ok(Document::from_text(name, format, text))
}

/// Formats recognised by their magic bytes that this build does not read as text.
fn sniff_container(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("PDF")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("ZIP/DOCX")
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some("legacy Word (.doc)")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("RTF")
    } else {
        None
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
}
