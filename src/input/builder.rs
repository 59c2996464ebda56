//! The common output of the structured readers (PDF, DOCX, HTML, JSON Resume): plain text built
//! line by line, with the headings the source marks and where each run of lines came from.

use super::Location;

/// Text extracted from a structured format, before sections are found.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub text: String,
    /// Lines the source itself marks as headings (DOCX heading styles, HTML `h1`–`h6`, JSON Resume
    /// sections): 1-based line and level (1 = top).
    pub headings: Vec<(usize, u8)>,
    /// Page or JSON path per run of lines, in line order.
    pub locations: Vec<Location>,
    /// Whether short capitalised lines may also be taken as headings (as in plain text). Off when
    /// the source says exactly where its sections are (JSON Resume).
    pub heuristic_headings: bool,
    /// The name the source states itself (a JSON Resume's `basics.name`).
    pub name: Option<String>,
}

/// Builds an [`Extracted`] one line at a time.
#[derive(Debug)]
pub(crate) struct TextBuilder {
    out: Extracted,
    /// Lines written so far.
    lines: usize,
    /// The last line written was blank (blank runs are folded to one).
    blank: bool,
}

impl TextBuilder {
    pub fn new(heuristic_headings: bool) -> Self {
        TextBuilder {
            out: Extracted {
                heuristic_headings,
                ..Extracted::default()
            },
            lines: 0,
            blank: true,
        }
    }

    /// Append text as one or more lines (split at `\n`); trailing white space is dropped, runs of
    /// blank lines become one.
    pub fn line(&mut self, text: &str) {
        for l in text.split('\n') {
            let l = l.trim_end();
            if l.trim().is_empty() {
                self.blank_line();
                continue;
            }
            self.out.text.push_str(l);
            self.out.text.push('\n');
            self.lines += 1;
            self.blank = false;
        }
    }

    /// Append a heading of `level` (1 = top) on one line.
    pub fn heading(&mut self, text: &str, level: u8) {
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.is_empty() {
            return;
        }
        self.line(&one_line);
        self.out.headings.push((self.lines, level));
    }

    /// Append one blank line unless the last line is already blank.
    pub fn blank_line(&mut self) {
        if !self.blank {
            self.out.text.push('\n');
            self.lines += 1;
            self.blank = true;
        }
    }

    /// Lines from the next one on come from `page` / `path`.
    pub fn locate(&mut self, page: Option<u32>, path: Option<String>) {
        let line = self.lines + 1;
        if let Some(last) = self.out.locations.last_mut() {
            if last.line == line {
                last.page = page;
                last.path = path;
                return;
            }
        }
        self.out.locations.push(Location { line, page, path });
    }

    /// The name the source states for itself.
    pub fn name(&mut self, name: Option<&str>) {
        self.out.name = name.map(str::to_string);
    }

    pub fn finish(self) -> Extracted {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_headings_and_locations_line_up() {
        let mut b = TextBuilder::new(true);
        b.locate(Some(1), None);
        b.heading("  Skills \n", 2);
        b.line("Go, Rust\n\n\n");
        b.locate(Some(2), None);
        b.line("Kafka");
        let x = b.finish();
        assert_eq!(x.text, "Skills\nGo, Rust\n\nKafka\n");
        assert_eq!(x.headings, vec![(1, 2)]);
        let lines: Vec<_> = x.locations.iter().map(|l| (l.line, l.page)).collect();
        assert_eq!(lines, vec![(1, Some(1)), (4, Some(2))]);
    }
}
