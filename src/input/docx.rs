//! DOCX (Office Open XML) text with `zip` and `quick-xml`: the page headers, the body, then the
//! footers, in document order.
//!
//! - A paragraph (`w:p`) is a line; its runs are joined as they are (Word splits runs anywhere,
//!   even inside a word), `w:tab` is a tab and `w:br`/`w:cr` a line break.
//! - A table row whose cells each hold one short paragraph becomes one line, cells joined with
//!   ` | `; a layout table (cells holding whole sections) gives each cell's lines in turn.
//! - Text boxes (`w:txbxContent`) are read where they are anchored; the VML copy Word keeps for old
//!   readers (`mc:Fallback`) is skipped so nothing is read twice.
//! - Paragraph styles that are headings (Title, Heading 1–9, or any style with an outline level)
//!   are passed on as headings with their level.
//!
//! The archive is untrusted: the number of entries and the bytes unpacked are capped.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::builder::{Extracted, TextBuilder};
use super::sections::looks_like_heading;
use super::ReadFailure;

/// Caps on what a DOCX archive may make us unpack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ZipLimits {
    pub max_unpacked_bytes: u64,
    pub max_entries: usize,
}

type Archive = zip::ZipArchive<Cursor<Vec<u8>>>;

/// Extract the text of a DOCX file (or refuse another kind of ZIP archive).
pub(crate) fn extract(bytes: Vec<u8>, limits: &ZipLimits) -> Result<Extracted, ReadFailure> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadFailure::Malformed(format!("broken ZIP archive: {e}")))?;
    if zip.len() > limits.max_entries {
        return Err(ReadFailure::Bomb(
            "zip bomb",
            format!("{} entries; the limit is {}", zip.len(), limits.max_entries),
        ));
    }
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let Some(main) = main_part(&names) else {
        return Err(ReadFailure::Unsupported(other_zip_kind(&names)));
    };
    let mut budget = Budget {
        left: limits.max_unpacked_bytes,
        limit: limits.max_unpacked_bytes,
    };
    let styles = match names.iter().any(|n| n == "word/styles.xml") {
        true => heading_styles(&read_part(&mut zip, "word/styles.xml", &mut budget)?),
        false => HashMap::new(),
    };
    let mut out = TextBuilder::new(true);
    for part in numbered_parts(&names, "word/header") {
        let xml = read_part(&mut zip, &part, &mut budget)?;
        read_story(&xml, &styles, &mut out)?;
    }
    let xml = read_part(&mut zip, &main, &mut budget)?;
    read_story(&xml, &styles, &mut out)?;
    for part in numbered_parts(&names, "word/footer") {
        let xml = read_part(&mut zip, &part, &mut budget)?;
        read_story(&xml, &styles, &mut out)?;
    }
    Ok(out.finish())
}

/// What is left of the unpacking budget.
struct Budget {
    left: u64,
    limit: u64,
}

/// Unpack one entry, counting the bytes actually produced (sizes in the archive can lie).
fn read_part(zip: &mut Archive, name: &str, budget: &mut Budget) -> Result<Vec<u8>, ReadFailure> {
    let entry = zip
        .by_name(name)
        .map_err(|e| ReadFailure::Malformed(format!("{name}: {e}")))?;
    // The declared size refuses an honest bomb at once; the count below catches a lying one.
    if entry.size() > budget.left {
        return Err(too_big(name, budget));
    }
    let mut data = Vec::new();
    entry
        .take(budget.left + 1)
        .read_to_end(&mut data)
        .map_err(|e| ReadFailure::Malformed(format!("{name}: {e}")))?;
    if data.len() as u64 > budget.left {
        return Err(too_big(name, budget));
    }
    budget.left -= data.len() as u64;
    Ok(data)
}

fn too_big(name: &str, budget: &Budget) -> ReadFailure {
    ReadFailure::Bomb(
        "zip bomb",
        format!(
            "{name} unpacks to more than the {} MiB allowed",
            budget.limit / (1024 * 1024)
        ),
    )
}

/// The main document part: `word/document.xml`, or another `word/document*.xml` some tools write.
fn main_part(names: &[String]) -> Option<String> {
    if names.iter().any(|n| n == "word/document.xml") {
        return Some("word/document.xml".into());
    }
    names
        .iter()
        .find(|n| n.starts_with("word/document") && n.ends_with(".xml") && !n.contains("/_rels"))
        .cloned()
}

/// A name for a ZIP archive that is not a Word document.
fn other_zip_kind(names: &[String]) -> &'static str {
    if names.iter().any(|n| n == "content.xml") {
        "OpenDocument (.odt)"
    } else if names.iter().any(|n| n.starts_with("xl/")) {
        "Excel (.xlsx)"
    } else if names.iter().any(|n| n.starts_with("ppt/")) {
        "PowerPoint (.pptx)"
    } else {
        "ZIP (not a Word document)"
    }
}

/// `word/header1.xml`, `word/header2.xml`, ... in numeric order.
fn numbered_parts(names: &[String], prefix: &str) -> Vec<String> {
    let mut parts: Vec<(u32, &String)> = names
        .iter()
        .filter_map(|n| {
            let rest = n.strip_prefix(prefix)?.strip_suffix(".xml")?;
            let number = if rest.is_empty() {
                0
            } else {
                rest.parse().ok()?
            };
            Some((number, n))
        })
        .collect();
    parts.sort();
    parts.into_iter().map(|(_, n)| n.clone()).collect()
}

/// Paragraph style id → heading level, from `word/styles.xml`.
fn heading_styles(xml: &[u8]) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut current: Option<(String, Option<u8>)> = None;
    // A broken styles part only costs us the heading levels.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    current = attr(&e, b"styleId").map(|id| {
                        let level = heading_level_from_name(&id);
                        (id, level)
                    });
                }
                b"name" => {
                    if let (Some((_, level)), Some(name)) = (current.as_mut(), attr(&e, b"val")) {
                        if let Some(l) = heading_level_from_name(&name) {
                            *level = Some(l);
                        }
                    }
                }
                b"outlineLvl" => {
                    if let (Some((_, level)), Some(v)) = (current.as_mut(), attr(&e, b"val")) {
                        if let Ok(n) = v.parse::<u8>() {
                            if n < 9 {
                                *level = Some(n + 1);
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, Some(level))) = current.take() {
                    out.insert(id, level);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// `Title` → 1, `heading 2` / `Heading2` → 2.
fn heading_level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading")?.trim();
    match rest.parse::<u8>() {
        Ok(n @ 1..=9) => Some(n),
        _ => None,
    }
}

fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    level: Option<u8>,
}

/// A finished line of a container (the story or a table cell).
struct Line {
    text: String,
    level: Option<u8>,
}

/// State while walking one story (body, header or footer).
#[derive(Default)]
struct Story {
    /// Open paragraphs; more than one when a text box sits inside a paragraph.
    paras: Vec<Para>,
    /// Open containers: the story itself, then one per open table cell.
    containers: Vec<Vec<Line>>,
    /// Open table rows, each the cells finished so far.
    rows: Vec<Vec<Vec<Line>>>,
    /// Depth inside elements whose content is skipped (`mc:Fallback`).
    skip: usize,
    /// Inside `w:t`.
    in_text: bool,
    /// Inside `w:tabs` (tab stops of the paragraph properties, not tab characters).
    in_tabs: bool,
}

impl Story {
    fn para(&mut self) -> Option<&mut Para> {
        self.paras.last_mut()
    }

    fn push_text(&mut self, s: &str) {
        if self.in_text && self.skip == 0 {
            if let Some(p) = self.para() {
                p.text.push_str(s);
            }
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        let line = Line {
            text: p.text,
            level: p.level,
        };
        if let Some(c) = self.containers.last_mut() {
            c.push(line);
        }
    }

    fn end_cell(&mut self) {
        if self.containers.len() < 2 {
            return;
        }
        let cell = self.containers.pop().unwrap_or_default();
        if let Some(row) = self.rows.last_mut() {
            row.push(cell);
        }
    }

    fn end_row(&mut self) {
        let Some(row) = self.rows.pop() else { return };
        let Some(target) = self.containers.last_mut() else {
            return;
        };
        let cells: Vec<Vec<Line>> = row
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .filter(|l| !l.text.trim().is_empty())
                    .collect()
            })
            .filter(|c: &Vec<Line>| !c.is_empty())
            .collect();
        let simple = cells
            .iter()
            .all(|c| c.len() == 1 && c[0].level.is_none() && !c[0].text.contains('\n'));
        let joined_len: usize = cells.iter().flatten().map(|l| l.text.len() + 3).sum();
        if simple && joined_len <= 300 {
            let mut texts: Vec<&str> = cells.iter().map(|c| c[0].text.trim()).collect();
            // A label cell that names a section ("EXPERIENCE | Engineer | 2018") is a heading.
            if texts.len() > 1 && looks_like_heading(texts[0]) {
                target.push(Line {
                    text: texts.remove(0).to_string(),
                    level: None,
                });
            }
            let text = texts.join(" | ");
            target.push(Line { text, level: None });
        } else {
            target.extend(cells.into_iter().flatten());
        }
    }
}

/// Read one story's XML into `out`.
fn read_story(
    xml: &[u8],
    styles: &HashMap<String, u8>,
    out: &mut TextBuilder,
) -> Result<(), ReadFailure> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut s = Story {
        containers: vec![Vec::new()],
        ..Story::default()
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReadFailure::Malformed(format!("bad XML: {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                if s.skip > 0 || name.as_ref() == b"Fallback" {
                    s.skip += 1;
                } else {
                    start(&mut s, name.as_ref(), &e, styles);
                }
            }
            Event::Empty(e) if s.skip == 0 => {
                start(&mut s, e.local_name().as_ref(), &e, styles);
                end(&mut s, e.local_name().as_ref());
            }
            Event::End(e) => {
                if s.skip > 0 {
                    s.skip -= 1;
                } else {
                    end(&mut s, e.local_name().as_ref());
                }
            }
            Event::Text(t) => {
                let text = t
                    .xml_content()
                    .map_err(|e| ReadFailure::Malformed(format!("bad text encoding: {e}")))?;
                s.push_text(&text);
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t).into_owned();
                s.push_text(&text);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r.decode().ok().and_then(|name| {
                        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                    }),
                };
                if let Some(text) = resolved {
                    s.push_text(&text);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    // Close whatever a truncated part left open.
    while !s.paras.is_empty() {
        s.end_paragraph();
    }
    while !s.rows.is_empty() {
        s.end_cell();
        s.end_row();
    }
    for line in s.containers.drain(..).flatten() {
        match line.level {
            Some(level) if !line.text.contains('\n') => out.heading(&line.text, level),
            _ => out.line(&line.text),
        }
    }
    out.blank_line();
    Ok(())
}

fn start(s: &mut Story, name: &[u8], e: &BytesStart<'_>, styles: &HashMap<String, u8>) {
    match name {
        b"p" => s.paras.push(Para::default()),
        b"t" => s.in_text = true,
        b"tabs" => s.in_tabs = true,
        b"tab" if !s.in_tabs => {
            if let Some(p) = s.para() {
                p.text.push('\t');
            }
        }
        b"br" | b"cr" => {
            if let Some(p) = s.para() {
                p.text.push('\n');
            }
        }
        b"noBreakHyphen" => {
            if let Some(p) = s.para() {
                p.text.push('-');
            }
        }
        b"pStyle" => {
            if let (Some(id), Some(p)) = (attr(e, b"val"), s.paras.last_mut()) {
                p.level = styles
                    .get(&id)
                    .copied()
                    .or_else(|| heading_level_from_name(&id));
            }
        }
        b"outlineLvl" => {
            if let (Some(v), Some(p)) = (attr(e, b"val"), s.paras.last_mut()) {
                if let Ok(n @ 0..=8) = v.parse::<u8>() {
                    p.level = Some(n + 1);
                }
            }
        }
        b"tr" => s.rows.push(Vec::new()),
        b"tc" => s.containers.push(Vec::new()),
        _ => {}
    }
}

fn end(s: &mut Story, name: &[u8]) {
    match name {
        b"p" => s.end_paragraph(),
        b"t" => s.in_text = false,
        b"tabs" => s.in_tabs = false,
        b"tc" => s.end_cell(),
        b"tr" => s.end_row(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{inner}</w:body></w:document>"#
        )
    }

    fn story(xml: &str) -> Extracted {
        let mut out = TextBuilder::new(true);
        read_story(xml.as_bytes(), &HashMap::new(), &mut out).unwrap();
        out.finish()
    }

    #[test]
    fn runs_are_joined_tabs_and_breaks_kept() {
        let x = story(&body(
            r#"<w:p><w:r><w:t>Post</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>greSQL</w:t></w:r>
            <w:r><w:t xml:space="preserve"> and </w:t></w:r><w:r><w:t>Go</w:t></w:r><w:r><w:tab/>
            <w:t>2021</w:t><w:br/><w:t>Kafka &amp; Redis</w:t></w:r></w:p>"#,
        ));
        assert_eq!(x.text.trim_end(), "PostgreSQL and Go\t2021\nKafka & Redis");
    }

    #[test]
    fn tables_rows_text_boxes_and_headings() {
        let x = story(&body(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Skills</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Languages</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>Go, Rust</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>
            <w:p><w:r><w:t>Docker in a box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Docker in a box</w:t></w:r></w:p>
            </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>
            <w:r><w:t>Anchor</w:t></w:r></w:p>"#,
        ));
        assert_eq!(
            x.text.trim_end(),
            "Skills\nLanguages | Go, Rust\nDocker in a box\nAnchor"
        );
        assert_eq!(x.headings, vec![(1, 1)]);
    }

    #[test]
    fn layout_tables_keep_cell_lines() {
        let x = story(&body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>SKILLS</w:t></w:r></w:p>
            <w:p><w:r><w:t>Go</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>EXPERIENCE</w:t></w:r></w:p>
            </w:tc></w:tr></w:tbl>"#,
        ));
        assert_eq!(x.text.trim_end(), "SKILLS\nGo\nEXPERIENCE");
        let x = story(&body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>EXPERIENCE</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>Engineer</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>2018</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        ));
        assert_eq!(x.text.trim_end(), "EXPERIENCE\nEngineer | 2018");
    }

    #[test]
    fn styles_map_ids_to_levels() {
        let xml = br#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="berschrift2">
            <w:name w:val="heading 2"/></w:style><w:style w:styleId="Custom"><w:name w:val="Mine"/>
            <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:styleId="Normal">
            <w:name w:val="Normal"/></w:style></w:styles>"#;
        let m = heading_styles(xml);
        assert_eq!(m.get("berschrift2"), Some(&2));
        assert_eq!(m.get("Custom"), Some(&1));
        assert_eq!(m.get("Normal"), None);
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        let mut out = TextBuilder::new(true);
        let r = read_story(
            b"<w:document><w:body><w:p></w:body>",
            &HashMap::new(),
            &mut out,
        );
        assert!(matches!(r, Err(ReadFailure::Malformed(_))));
    }
}
