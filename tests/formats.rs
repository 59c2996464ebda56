//! Document formats: the same resume (fixtures/formats/, made by make_fixtures.py) read as text,
//! Markdown, HTML, JSON Resume, DOCX and two PDFs gives the same skills, with pages and JSON paths
//! in the evidence; hostile files get a one-line error naming the file, quickly, without a panic.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use skillgap::analysis::{self, Analysis};
use skillgap::input::{self, Document, Format, Limits, SectionKind};
use skillgap::matcher::{Matcher, Status};

use crate::common::{fixture, taxonomy};

const STEM: &str = "formats/robin-vale";

/// Every version of the sample resume and the format it must be detected as.
const VERSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("md", Format::Markdown),
    ("html", Format::Html),
    ("json", Format::JsonResume),
    ("docx", Format::Docx),
    ("fpdf2.pdf", Format::Pdf),
    ("wkhtmltopdf.pdf", Format::Pdf),
];

fn read(path: &Path) -> Document {
    input::read_path(path, &Limits::default())
        .unwrap_or_else(|e| panic!("{} should read: {e}", path.display()))
}

fn sample(ext: &str) -> Document {
    read(&fixture(&format!("{STEM}.{ext}")))
}

fn analyze(doc: &Document) -> Analysis {
    let tax = taxonomy();
    analysis::analyze(&Matcher::new(tax), doc, tax.default_role())
}

fn skills(a: &Analysis) -> BTreeSet<String> {
    a.matched.iter().map(|m| m.id.clone()).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[test]
fn every_format_finds_the_skills_of_the_text_version() {
    let reference = skills(&analyze(&sample("txt")));
    assert!(reference.len() >= 20, "{reference:?}");
    for (ext, format) in VERSIONS {
        let doc = sample(ext);
        assert_eq!(doc.format, *format, "{ext}");
        let a = analyze(&doc);
        let got = skills(&a);
        let j = jaccard(&reference, &got);
        assert!(
            j >= 0.95,
            "{ext}: Jaccard {j:.3}; missing {:?}, extra {:?}",
            reference.difference(&got).collect::<Vec<_>>(),
            got.difference(&reference).collect::<Vec<_>>()
        );
        // The Interests section is recognised in every format: Elixir there is a hobby.
        assert!(
            a.negated
                .iter()
                .any(|n| n.id == "elixir" && n.reason == Status::Hobby),
            "{ext}: Elixir under Interests should be a hobby: {:?}",
            a.negated
        );
        assert!(!got.contains("elixir"), "{ext}");
    }
}

#[test]
fn every_format_finds_the_resume_sections() {
    let wanted = [
        SectionKind::Skills,
        SectionKind::Experience,
        SectionKind::Projects,
        SectionKind::Education,
        SectionKind::Interests,
    ];
    for (ext, _) in VERSIONS {
        let doc = sample(ext);
        let kinds: Vec<SectionKind> = doc.sections.iter().map(|s| s.kind).collect();
        for k in wanted {
            assert!(kinds.contains(&k), "{ext}: no {k:?} section in {kinds:?}");
        }
        // The skills lines themselves are in the Skills section.
        let line = 1 + doc
            .text
            .lines()
            .position(|l| l.contains("Elasticsearch"))
            .unwrap_or_else(|| panic!("{ext}: no Elasticsearch line"));
        assert_eq!(
            doc.section_at(line).map(|s| s.kind),
            Some(SectionKind::Skills),
            "{ext}"
        );
    }
}

/// Every version names the person the same way: the JSON Resume by `basics.name`, the others by
/// their first heading or line. The DOCX has no name line: its title (the job) names it.
#[test]
fn every_format_names_the_person() {
    for (ext, _) in VERSIONS {
        let doc = sample(ext);
        let want = if *ext == "docx" {
            "Backend Developer"
        } else {
            "Robin Vale"
        };
        assert_eq!(doc.name.as_deref(), Some(want), "{ext}");
        assert_eq!(analyze(&doc).source.name.as_deref(), Some(want), "{ext}");
    }
    let list = Document::from_skill_list("python, go");
    assert_eq!(list.name, None, "a skill list has no name");
    assert_eq!(analyze(&list).source.label(), "--skills");
}

#[test]
fn formats_are_detected_by_content_not_name() {
    for (ext, format) in VERSIONS {
        let bytes = std::fs::read(fixture(&format!("{STEM}.{ext}"))).unwrap();
        let doc = input::from_bytes("renamed.txt", Some("txt"), &bytes)
            .unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(doc.format, *format, "{ext} read under a .txt name");
    }
}

#[test]
fn pdf_evidence_carries_the_page() {
    for ext in ["fpdf2.pdf", "wkhtmltopdf.pdf"] {
        let a = analyze(&sample(ext));
        let page_of = |id: &str| {
            let m = a.matched.iter().find(|m| m.id == id);
            m.unwrap_or_else(|| panic!("{ext}: {id} not found"))
                .evidence[0]
                .page
        };
        assert_eq!(page_of("django"), Some(1), "{ext}");
        // SQLite is only in Projects, which both generators put on page 2.
        assert_eq!(page_of("sqlite"), Some(2), "{ext}");
    }
}

#[test]
fn json_resume_evidence_carries_the_json_path() {
    let a = analyze(&sample("json"));
    let paths = |id: &str| -> Vec<String> {
        let m = a.matched.iter().find(|m| m.id == id).expect(id);
        m.evidence.iter().filter_map(|e| e.path.clone()).collect()
    };
    assert!(
        paths("kafka").contains(&"skills[2]".to_string()),
        "{:?}",
        paths("kafka")
    );
    assert!(
        paths("helm").contains(&"work[0].highlights[2]".to_string()),
        "{:?}",
        paths("helm")
    );
    assert!(paths("sqlite").iter().any(|p| p.starts_with("projects[0]")));
}

#[test]
fn a_pdf_locked_only_against_editing_is_read() {
    let doc = read(&fixture("formats/owner-password.pdf"));
    assert!(
        doc.text.contains("Skills: Python, Go, PostgreSQL"),
        "{}",
        doc.text
    );
}

#[test]
fn docx_reads_headers_tables_and_split_runs() {
    let doc = sample("docx");
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(lines[0], "Robin Vale", "the page header comes first");
    assert!(
        lines.contains(&"Languages | Python, Go, SQL, Bash"),
        "{lines:?}"
    );
    // Runs split inside "PostgreSQL" are joined without a space.
    assert!(doc.text.contains("PostgreSQL full-text search"));
    assert!(!doc.text.contains("Post greSQL"));
    // A soft line break (w:br) is a new line; the footer is read too.
    assert!(lines.contains(&"tidewatch"), "{lines:?}");
    assert!(doc.text.contains("References available on request."));
}

#[test]
fn utf16_and_legacy_encodings_read_like_utf8() {
    let text = std::fs::read_to_string(fixture(&format!("{STEM}.txt"))).unwrap();
    let reference = skills(&analyze(&sample("txt")));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let doc = input::from_bytes("utf16.txt", Some("txt"), &utf16).unwrap();
    assert_eq!(skills(&analyze(&doc)), reference);
    // Not UTF-8 (Latin-1 "é" and en dashes as 0x96): read as Windows-1252, not refused.
    let latin: Vec<u8> = text
        .replace('–', "\u{96}")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .chain(*b"Caf\xE9 owner\n")
        .collect();
    assert!(std::str::from_utf8(&latin).is_err());
    let doc = input::from_bytes("latin.txt", Some("txt"), &latin).unwrap();
    assert!(doc.text.contains("2021 – present"));
    assert_eq!(skills(&analyze(&doc)), reference);
}

#[test]
fn markdown_escapes_are_undone() {
    let doc = input::from_bytes(
        "job.md",
        Some("md"),
        b"## Requirements\n\n- C\\# and \\.NET\n- Node\\.js\n",
    )
    .unwrap();
    assert_eq!(doc.text, "## Requirements\n\n- C# and .NET\n- Node.js\n");
    let got = skills(&analyze(&doc));
    for id in ["csharp", "nodejs"] {
        assert!(got.contains(id), "{id} in {got:?}");
    }
}

// ---- hostile input ----------------------------------------------------------------------------

/// A scratch folder for one test, removed at the end.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new(name: &str) -> Self {
        Scratch(tempfile::Builder::new().prefix(name).tempdir().unwrap())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

/// Reading `path` fails fast with one line that names it and contains every one of `needles`.
fn assert_refused(path: &Path, needles: &[&str]) -> String {
    let start = Instant::now();
    let err = input::read_path(path, &Limits::default())
        .map(|d| d.format)
        .expect_err(&format!("{} should be refused", path.display()));
    let elapsed = start.elapsed();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("{}: ", path.display())),
        "error must name the file: {msg}"
    );
    assert!(!msg.contains('\n'), "one line: {msg}");
    for n in needles {
        assert!(msg.contains(n), "{msg:?} should mention {n:?}");
    }
    assert!(elapsed < Duration::from_secs(1), "{msg}: took {elapsed:?}");
    msg
}

/// A small PDF built by hand: `objects` are the bodies of objects 1..=n, object 1 the catalog.
fn hand_pdf(objects: &[&str]) -> Vec<u8> {
    let bodies: Vec<&[u8]> = objects.iter().map(|o| o.as_bytes()).collect();
    hand_pdf_bytes(&bodies)
}

fn hand_pdf_bytes(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn docx_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_pdfs_get_clear_errors() {
    let dir = Scratch::new("pdf");
    let real = std::fs::read(fixture(&format!("{STEM}.fpdf2.pdf"))).unwrap();
    assert_refused(&dir.file("empty.pdf", b""), &["empty"]);
    let random: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_refused(&dir.file("random.pdf", &random), &["not a readable PDF"]);
    let mut fake = b"%PDF-1.7\n".to_vec();
    fake.extend_from_slice(&random);
    assert_refused(&dir.file("garbage.pdf", &fake), &["not a readable PDF"]);
    assert_refused(
        &dir.file("truncated.pdf", &real[..real.len() / 2]),
        &["not a readable PDF", "truncated"],
    );
    assert_refused(&fixture("formats/encrypted.pdf"), &["encrypted"]);
    assert_refused(&fixture("formats/scanned.pdf"), &["no text layer", "OCR"]);
    // A page with no content at all reads as "no text layer" too.
    let blank = hand_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]);
    assert_refused(&dir.file("blank.pdf", &blank), &["no text layer"]);
}

#[test]
fn a_pdf_decompression_bomb_is_refused() {
    use flate2::{Compress, Compression, FlushCompress};
    // 1 MiB of spaces deflated once, its block repeated: a 300 MiB content stream in ~300 KiB.
    let mut c = Compress::new(Compression::fast(), true);
    let mut first = Vec::with_capacity(1 << 20);
    c.compress_vec(&vec![b' '; 1 << 20], &mut first, FlushCompress::Full)
        .unwrap();
    let block = first[2..].to_vec();
    let mut stream = first;
    for _ in 0..300 {
        stream.extend_from_slice(&block);
    }
    let header = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    );
    let mut body = header.into_bytes();
    body.extend_from_slice(&stream);
    body.extend_from_slice(b"\nendstream");
    let pdf = hand_pdf_bytes(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        &body,
    ]);
    assert!(pdf.len() < 2 * 1024 * 1024, "{}", pdf.len());
    let dir = Scratch::new("pdfbomb");
    let path = dir.file("bomb.pdf", &pdf);
    let start = Instant::now();
    let msg = input::read_path(&path, &Limits::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("decompression bomb"), "{msg}");
    // Inflating 256 MiB to count it takes well under a second optimised; allow for debug builds.
    let budget = if cfg!(debug_assertions) { 20 } else { 2 };
    assert!(
        start.elapsed() < Duration::from_secs(budget),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn pdfs_that_would_recurse_forever_are_refused() {
    let dir = Scratch::new("loops");
    // The page tree node is its own parent and nothing has a MediaBox: looking it up would climb
    // the loop until the stack overflows.
    let tree = hand_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R >>",
    ]);
    assert_refused(&dir.file("tree-loop.pdf", &tree), &["page tree loops"]);
    // A form XObject that draws itself (it inherits the page's resources, which name it).
    let form = hand_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /XObject << /F 5 0 R >> >> >>",
        "<< /Length 5 >>\nstream\n/F Do\nendstream",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 5 >>\nstream\n/F Do\nendstream",
    ]);
    assert_refused(&dir.file("form-loop.pdf", &form), &["contains itself"]);
}

#[test]
fn a_pdf_that_makes_the_parser_panic_is_an_error() {
    let dir = Scratch::new("panic");
    // No MediaBox anywhere: pdf-extract `expect`s one and panics.
    let pdf = hand_pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        "<< /Length 0 >>\nstream\n\nendstream",
    ]);
    let msg = assert_refused(&dir.file("no-mediabox.pdf", &pdf), &["PDF reader failed"]);
    assert!(msg.contains("MediaBox"), "{msg}");
}

#[test]
fn hostile_docx_files_get_clear_errors() {
    let dir = Scratch::new("docx");
    // 60 MiB of paragraphs deflate to well under the 16 MiB input cap.
    let para = b"<w:p><w:r><w:t>bomb</w:t></w:r></w:p>";
    let body: Vec<u8> = para
        .iter()
        .copied()
        .cycle()
        .take(60 * 1024 * 1024)
        .collect();
    let bomb = docx_with(&[("word/document.xml", &body)]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    assert_refused(&dir.file("bomb.docx", &bomb), &["zip bomb", "50 MiB"]);

    let names: Vec<String> = (0..10_001).map(|i| format!("junk/{i}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let many = docx_with(&entries);
    assert_refused(
        &dir.file("many.docx", &many),
        &["zip bomb", "10001 entries"],
    );

    let odt = docx_with(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<x/>"),
    ]);
    assert_refused(
        &dir.file("cv.odt", &odt),
        &["OpenDocument", "not a supported format"],
    );

    let real = std::fs::read(fixture(&format!("{STEM}.docx"))).unwrap();
    assert_refused(
        &dir.file("cut.docx", &real[..real.len() / 2]),
        &["not a readable DOCX"],
    );
    let broken = docx_with(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
    assert_refused(
        &dir.file("broken.docx", &broken),
        &["not a readable DOCX", "XML"],
    );
    assert_refused(
        &dir.file("notzip.docx", &[0u8, 159, 146, 150, 0, 1]),
        &["not a readable DOCX"],
    );
}

#[test]
fn hostile_text_and_json_get_clear_errors() {
    let dir = Scratch::new("text");
    // 200 MB, sparse: refused from its size before anything is read.
    let big = dir.path().join("huge.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200_000_000)
        .unwrap();
    assert_refused(&big, &["too large", "--max-size"]);

    assert_refused(
        &dir.file(
            "package.json",
            br#"{"name":"x","version":"1.0.0","dependencies":{}}"#,
        ),
        &["JSON but not a JSON Resume"],
    );
    assert_refused(&dir.file("list.json", b"[1, 2, 3]"), &["not a JSON Resume"]);
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_refused(
        &dir.file("deep.json", deep.as_bytes()),
        &["recursion limit"],
    );
    let deep_obj = format!("{}1{}", r#"{"basics":"#.repeat(50_000), "}".repeat(50_000));
    assert_refused(
        &dir.file("deep-resume.json", deep_obj.as_bytes()),
        &["recursion limit"],
    );
    assert_refused(
        &dir.file("bad.json", b"{\"basics\": {\"name\": "),
        &["invalid JSON"],
    );

    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_refused(&dir.file("junk.txt", &junk), &["binary data"]);
    assert_refused(&dir.file("white.md", b" \n\t\n"), &["no text"]);
    let mut html = b"<!DOCTYPE html><html><body><script>".to_vec();
    html.extend_from_slice(b"var x = 1;</script></body></html>");
    assert_refused(&dir.file("empty.html", &html), &["no text"]);
}
