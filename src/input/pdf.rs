//! PDF text through `pdf-extract` (on `lopdf`), page by page so that every line knows its page.
//!
//! pdf-extract panics on many malformed inputs (`unwrap`s, `panic!` on unexpected fonts); the caller
//! runs this under [`super::guard`], which turns such a panic into an error for the file.
//!
//! Content streams are inflated whole in memory by lopdf, so before extraction the Flate streams
//! are measured (inflated into a counter, capped): a small PDF whose streams would unpack to
//! gigabytes is refused instead of exhausting memory. Object streams are unpacked by lopdf while
//! loading, before this check; those hold only object definitions and are small in real files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use pdf_extract::content::Content;
use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Stream, Transform,
};

use super::builder::{Extracted, TextBuilder};
use super::ReadFailure;

/// Extract the text of every page, in page order, with one [`super::Location`] per page.
pub(crate) fn extract(bytes: Vec<u8>) -> Result<Extracted, ReadFailure> {
    let mut doc = Document::load_mem(&bytes).map_err(|e| load_failure(&e))?;
    if doc.is_encrypted() {
        // Many PDFs are "encrypted" only against editing, with an empty user password.
        doc.decrypt("").map_err(|_| ReadFailure::Encrypted)?;
        if doc.is_encrypted() {
            return Err(ReadFailure::Encrypted);
        }
    }
    check_stream_sizes(&doc, MAX_UNPACKED_STREAMS)?;
    expand_cid_width_ranges(&mut doc);
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(ReadFailure::Malformed(
            "no pages found; the file may be truncated or damaged".into(),
        ));
    }
    check_recursion(&doc, &pages)?;
    let mut out = TextBuilder::new(true);
    for &number in pages.keys() {
        let mut dev = PageText::default();
        pdf_extract::output_doc_page(&doc, &mut dev, number).map_err(|e| {
            ReadFailure::Malformed(format!("page {number}: {}", one_line(&e.to_string())))
        })?;
        let text = dev.text;
        out.locate(Some(number), None);
        out.line(&clean(&text));
        // Keep pages apart so the last line of one never runs into the first of the next.
        out.blank_line();
    }
    Ok(out.finish())
}

/// Deepest nesting of form XObjects accepted, and most form invocations per document. Real files
/// nest a few levels and draw tens of forms.
const MAX_FORM_DEPTH: usize = 32;
const MAX_FORM_CALLS: usize = 20_000;
/// Longest `Parent` chain from a page to the root of the page tree that is followed.
const MAX_TREE_DEPTH: usize = 256;

/// Refuse the shapes that would make pdf-extract recurse without end: it walks up `Parent` links
/// for inherited page attributes and descends into form XObjects (`Do`) with no depth limit, and a
/// loop in either overflows the stack, which aborts the process and cannot be caught. Forms that
/// nest exponentially ("billion laughs") are refused by counting calls.
fn check_recursion(doc: &Document, pages: &BTreeMap<u32, ObjectId>) -> Result<(), ReadFailure> {
    for &page in pages.values() {
        page_resources(doc, page)?;
    }
    // Most PDFs have no form that draws another form; then there is nothing to follow.
    let mut calls: HashMap<ObjectId, Vec<Vec<u8>>> = HashMap::new();
    for (&id, obj) in &doc.objects {
        if let Object::Stream(stream) = obj {
            if is_form(stream) {
                calls.insert(
                    id,
                    invoked_names(&stream.decompressed_content().unwrap_or_default()),
                );
            }
        }
    }
    if calls.values().all(Vec::is_empty) {
        return Ok(());
    }
    let mut walk = FormWalk {
        doc,
        calls: &mut calls,
        chain: Vec::new(),
        count: 0,
    };
    for &page in pages.values() {
        let Some(resources) = page_resources(doc, page)? else {
            continue;
        };
        let content = doc.get_page_content(page).unwrap_or_default();
        for name in invoked_names(&content) {
            walk.call(resources, &name)?;
        }
    }
    Ok(())
}

/// The page's resources, inherited through `Parent` links like pdf-extract does; an error when the
/// chain loops or is absurdly deep.
fn page_resources(doc: &Document, page: ObjectId) -> Result<Option<&Dictionary>, ReadFailure> {
    let looped = || ReadFailure::Malformed("the page tree loops back on itself".into());
    let mut seen = HashSet::new();
    let mut id = page;
    let mut found = None;
    loop {
        if !seen.insert(id) || seen.len() > MAX_TREE_DEPTH {
            return Err(looped());
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            return Ok(found);
        };
        if found.is_none() {
            found = dict
                .get(b"Resources")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
        }
        match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => id = parent,
            Err(_) => return Ok(found),
        }
    }
}

fn is_form(stream: &Stream) -> bool {
    matches!(
        stream.dict.get(b"Subtype").and_then(Object::as_name),
        Ok(b"Form")
    )
}

/// The XObject names a content stream draws with `Do`.
fn invoked_names(content: &[u8]) -> Vec<Vec<u8>> {
    if !content.windows(2).any(|w| w == b"Do") {
        return Vec::new();
    }
    let Ok(content) = Content::decode(content) else {
        return Vec::new();
    };
    content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

/// Depth-first walk of form invocations, as pdf-extract will perform them.
struct FormWalk<'a, 'c> {
    doc: &'a Document,
    calls: &'c mut HashMap<ObjectId, Vec<Vec<u8>>>,
    /// Forms being drawn, outermost first.
    chain: Vec<ObjectId>,
    count: usize,
}

impl<'a> FormWalk<'a, '_> {
    fn call(&mut self, resources: &'a Dictionary, name: &[u8]) -> Result<(), ReadFailure> {
        let target = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .and_then(|o| o.as_reference().ok());
        let Some(id) = target else { return Ok(()) };
        let Ok(Object::Stream(form)) = self.doc.get_object(id) else {
            return Ok(());
        };
        if !is_form(form) {
            return Ok(());
        }
        self.count += 1;
        if self.chain.contains(&id) {
            return Err(ReadFailure::Malformed(
                "a drawing (form XObject) contains itself".into(),
            ));
        }
        if self.chain.len() >= MAX_FORM_DEPTH || self.count > MAX_FORM_CALLS {
            return Err(ReadFailure::Malformed(
                "drawings (form XObjects) are nested too deeply".into(),
            ));
        }
        let own = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let inner = own.unwrap_or(resources);
        let names = self.calls.get(&id).cloned().unwrap_or_default();
        self.chain.push(id);
        for n in names {
            self.call(inner, &n)?;
        }
        self.chain.pop();
        Ok(())
    }
}

/// Cap on what all Flate streams of one PDF may inflate to. Real resumes stay under a few MiB
/// (embedded fonts and images included).
const MAX_UNPACKED_STREAMS: u64 = 256 * 1024 * 1024;

/// Refuse a PDF whose Flate-compressed streams would inflate to more than `limit` bytes in total.
fn check_stream_sizes(doc: &Document, limit: u64) -> Result<(), ReadFailure> {
    let mut left = limit;
    for obj in doc.objects.values() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        let flate = match stream.dict.get(b"Filter") {
            Ok(Object::Name(n)) => n == b"FlateDecode",
            Ok(Object::Array(filters)) => filters
                .iter()
                .any(|f| matches!(f, Object::Name(n) if n == b"FlateDecode")),
            _ => false,
        };
        if !flate {
            continue;
        }
        let decoder = flate2::read::ZlibDecoder::new(stream.content.as_slice());
        // A corrupt stream stops early; whatever it produced until then still counts.
        let mut counter = Counter(0);
        let _ = std::io::copy(&mut decoder.take(left + 1), &mut counter);
        if counter.0 > left {
            return Err(ReadFailure::Bomb(
                "decompression bomb",
                format!(
                    "its streams unpack to more than {} MiB",
                    limit / (1024 * 1024)
                ),
            ));
        }
        left -= counter.0;
    }
    Ok(())
}

/// Counts the bytes written to it, keeping none.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Rewrite the range entries (`first last width`) of CID fonts' `W` arrays as lists
/// (`first [width width ...]`).
///
/// pdf-extract 0.12 misreads the range form (it takes all three numbers from the first element), so
/// every glyph in a range falls back to the default width. Chromium (Skia) writes ranges for runs of
/// equal widths; with wrong widths, word gaps are misjudged and words split ("Softwa re").
fn expand_cid_width_ranges(doc: &mut Document) {
    let mut fixes: Vec<(ObjectId, Vec<Object>)> = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        let cid_font = matches!(
            dict.get(b"Subtype").and_then(Object::as_name),
            Ok(b"CIDFontType2" | b"CIDFontType0")
        );
        if !cid_font {
            continue;
        }
        let w = match dict.get(b"W") {
            Ok(Object::Reference(r)) => doc.get_object(*r).ok(),
            Ok(o) => Some(o),
            Err(_) => None,
        };
        if let Some(list) = w
            .and_then(|w| w.as_array().ok())
            .and_then(|w| widths_as_lists(w))
        {
            fixes.push((id, list));
        }
    }
    for (id, list) in fixes {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            d.set("W", Object::Array(list));
        }
    }
}

/// The `W` array with ranges expanded, or `None` when it has no ranges or does not parse.
fn widths_as_lists(w: &[Object]) -> Option<Vec<Object>> {
    /// Cap on glyphs a single range may expand to (a CID font has at most 65,536).
    const MAX_RANGE: i64 = 65_536;
    let number = |o: &Object| match o {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    };
    let mut out = Vec::with_capacity(w.len());
    let mut changed = false;
    let mut i = 0;
    while i < w.len() {
        let first = number(&w[i])?;
        match w.get(i + 1)? {
            Object::Array(list) => {
                out.push(Object::Integer(first));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            other => {
                let last = number(other)?;
                let width = w.get(i + 2)?.clone();
                let count = last.checked_sub(first)?.checked_add(1)?;
                if !(1..=MAX_RANGE).contains(&count) {
                    return None;
                }
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![width; count as usize]));
                changed = true;
                i += 3;
            }
        }
    }
    changed.then_some(out)
}

fn load_failure(e: &pdf_extract::Error) -> ReadFailure {
    let message = one_line(&e.to_string());
    if message.to_ascii_lowercase().contains("decrypt")
        || message.to_ascii_lowercase().contains("password")
    {
        return ReadFailure::Encrypted;
    }
    ReadFailure::Malformed(format!("{message}; the file may be truncated or damaged"))
}

/// Form feeds and other control characters out; everything else as extracted.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' | '\x0C' => '\n',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collects one page's text from positioned glyphs: a line break when the baseline moves, a space
/// when the gap after the previous glyph is wider than a tenth of the font size.
///
/// A glyph whose width the font gives as 0 (a broken width table; see
/// [`expand_cid_width_ranges`]) has no known end, so after it a space is only assumed when the next
/// glyph starts more than a full em further on; otherwise "Software" could come out "Softwa re".
#[derive(Debug, Default)]
struct PageText {
    text: String,
    last: Option<Glyph>,
    /// Page height, to flip y so it grows downwards.
    height: f64,
}

/// The previous glyph, in device space with y growing downwards.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f64,
    /// Where it ends, when its width is known.
    end: Option<f64>,
    baseline: f64,
}

/// Gap after a glyph, as a share of the font size, that counts as a space between words.
const WORD_GAP: f64 = 0.1;
/// Distance between glyph starts that counts as a space when the first glyph's width is unknown.
const WORD_GAP_UNKNOWN_WIDTH: f64 = 1.0;

impl OutputDev for PageText {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.last = None;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let x = trm.m31;
        let y = self.height - trm.m32;
        // The text matrix scales font size and advances alike.
        let scale = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let size = (font_size * scale).abs().max(0.01);
        let blank = ch.trim().is_empty();
        if let Some(prev) = self.last {
            let new_line = (y - prev.baseline).abs() > size * 0.5 || x + size < prev.x;
            if new_line {
                self.text.push('\n');
            } else if !blank && !self.text.ends_with(char::is_whitespace) {
                let gap = match prev.end {
                    Some(end) => x - end > size * WORD_GAP,
                    None => x - prev.x > size * WORD_GAP_UNKNOWN_WIDTH,
                };
                if gap {
                    self.text.push(' ');
                }
            }
        }
        self.text.push_str(ch);
        let known = width > 0.0 || blank;
        self.last = Some(Glyph {
            x,
            end: known.then_some(x + (width * font_size + spacing) * scale),
            baseline: y,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::{Dictionary, Stream};

    #[test]
    fn width_ranges_become_lists() {
        let w = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(500)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(250),
        ];
        let expanded = widths_as_lists(&w).unwrap();
        assert_eq!(expanded[2], Object::Integer(10));
        assert_eq!(expanded[3], Object::Array(vec![Object::Integer(250); 3]));
        // Lists only: nothing to do. Broken or huge ranges: left alone.
        assert!(widths_as_lists(&w[..2]).is_none());
        assert!(widths_as_lists(&[Object::Integer(1)]).is_none());
        let huge = [
            Object::Integer(0),
            Object::Integer(1 << 40),
            Object::Integer(1),
        ];
        assert!(widths_as_lists(&huge).is_none());
    }

    #[test]
    fn flate_bombs_are_measured_not_unpacked() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![b' '; 2 * 1024 * 1024]).unwrap();
        let packed = z.finish().unwrap();
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut doc = Document::with_version("1.5");
        doc.add_object(Object::Stream(Stream::new(dict, packed)));
        assert!(check_stream_sizes(&doc, 4 * 1024 * 1024).is_ok());
        match check_stream_sizes(&doc, 1024 * 1024) {
            Err(ReadFailure::Bomb(kind, why)) => {
                assert_eq!(kind, "decompression bomb");
                assert!(why.contains("1 MiB"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }
}
