//! Text normalisation shared by the taxonomy (alias keys) and the matcher (document text).
//!
//! Matching runs on a normalised copy of the text: Unicode NFKC, lower-cased, every run of white
//! space folded to one space. `Normalized` keeps, for every byte of that copy, the byte offset of
//! the original character it came from, so a match can be reported at its original line and column.

use unicode_normalization::UnicodeNormalization;

/// A normalised copy of some text with a map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text (NFKC, lower-case, white space folded).
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character that produced byte `i`
    /// of `text`; one extra entry maps `text.len()` to the original length.
    origin: Vec<u32>,
}

impl Normalized {
    /// Normalise `original`. Offsets are stored as `u32`: inputs are capped well below 4 GiB.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut in_space = false;
        let bytes = original.as_bytes();
        let mut at_usize = 0;
        while at_usize < bytes.len() {
            let at = at_usize as u32;
            let b = bytes[at_usize];
            // ASCII, most of every resume, byte by byte: no decoding, no NFKC.
            if b.is_ascii() {
                at_usize += 1;
                // Literal byte escapes left by broken exports (`\xe2\x80\xa2Java`) separate words.
                let escape = b == b'\\' && is_byte_escape(&bytes[at as usize..]);
                if escape || matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
                    if escape {
                        at_usize += 3;
                    }
                    if !in_space {
                        text.push(' ');
                        origin.push(at);
                        in_space = true;
                    }
                    continue;
                }
                // The whole run of such bytes at once, single spaces between words included
                // (they stay as they are); a second space, other white space, a backslash or
                // a non-ASCII byte ends it.
                let mut run = at_usize;
                while let Some(&c) = bytes.get(run) {
                    let plain = if c == b' ' {
                        bytes[run - 1] != b' '
                    } else {
                        c.is_ascii() && c > b' ' && c != b'\\'
                    };
                    if !plain {
                        break;
                    }
                    run += 1;
                }
                let from = text.len();
                text.push_str(&original[at_usize - 1..run]);
                text[from..].make_ascii_lowercase();
                origin.extend(at..run as u32);
                in_space = bytes[run - 1] == b' ';
                at_usize = run;
                continue;
            }
            let ch = original[at_usize..]
                .chars()
                .next()
                .expect("a char starts here");
            at_usize += ch.len_utf8();
            if ch.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    origin.push(at);
                    in_space = true;
                }
                continue;
            }
            // Not `in_space = false` yet: some characters that are not white space decompose into
            // a space and a combining mark (U+00A8 DIAERESIS, U+2017 DOUBLE LOW LINE → " \u{333}"),
            // and that space must fold into one just before it.
            for nk in std::iter::once(ch).nfkc() {
                for lower in nk.to_lowercase() {
                    if lower.is_whitespace() {
                        // NFKC turns some spaces (NBSP, ideographic) into plain ones.
                        if !in_space {
                            text.push(' ');
                            origin.push(at);
                            in_space = true;
                        }
                        continue;
                    }
                    let before = text.len();
                    text.push(lower);
                    origin.extend(std::iter::repeat_n(at, text.len() - before));
                    in_space = false;
                }
            }
        }
        origin.push(original.len() as u32);
        Normalized { text, origin }
    }

    /// Byte offset in the original text of normalised byte `i` (`i` may equal `text.len()`).
    pub fn original_offset(&self, i: usize) -> usize {
        self.origin[i] as usize
    }

    /// The original byte range covered by the normalised range `start..end`.
    pub fn original_range(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let s = self.original_offset(start);
        if end == 0 {
            return (s, s);
        }
        // End: the original character that produced the last normalised byte, through its end.
        let last = self.original_offset(end - 1);
        let e = original[last..]
            .chars()
            .next()
            .map_or(original.len(), |c| last + c.len_utf8());
        (s, e.max(s))
    }
}

/// `\\xHH` at the start of `b`.
fn is_byte_escape(b: &[u8]) -> bool {
    b.len() >= 4 && b[1] == b'x' && b[2].is_ascii_hexdigit() && b[3].is_ascii_hexdigit()
}

/// Normalise a short key (an alias) the same way document text is normalised.
pub fn normalize_key(s: &str) -> String {
    Normalized::new(s.trim()).text
}

/// NFKC and white-space folding without lower-casing: used to compare case-sensitive aliases.
pub fn fold_space_nfkc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for ch in s.nfkc() {
        if ch.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(ch);
            in_space = false;
        }
    }
    out
}

/// Is this byte part of a word for token-boundary purposes? Only ASCII letters and digits are:
/// a non-ASCII letter next to an alias is far more often mojibake (`â¢Java`) than a real word.
#[inline]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// 1-based line and column (in characters) of byte offset `at` in `text`, given line starts.
pub fn line_col(text: &str, line_starts: &[usize], at: usize) -> (usize, usize) {
    let line = match line_starts.binary_search(&at) {
        Ok(i) => i,
        Err(i) => i - 1,
    };
    let col = text[line_starts[line]..at].chars().count() + 1;
    (line + 1, col)
}

/// Byte offsets at which each line of `text` starts (the first is always 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_space_and_compat_forms() {
        let n = Normalized::new("Ｐｙｔｈｏｎ  and\n\tNode.JS");
        assert_eq!(n.text, "python and node.js");
    }

    #[test]
    fn a_compat_form_that_starts_with_a_space_folds_into_the_space_before_it() {
        // U+2017 and U+00A8 are not white space but decompose to a space and a combining mark.
        // Found by the normalize_match fuzz target (fixtures/fuzz-regressions/normalize_match/).
        for original in [
            "Developer \u{2017} SQL",
            "a \u{a8}b",
            "a\u{a0}\u{a8}b",
            "a \u{2017}",
        ] {
            let n = Normalized::new(original);
            assert!(!n.text.contains("  "), "{original:?} -> {:?}", n.text);
            assert_eq!(n.origin.len(), n.text.len() + 1);
        }
        assert_eq!(Normalized::new("a \u{a8}b").text, "a \u{308}b");
        assert_eq!(Normalized::new("a\u{a8}b").text, "a \u{308}b");
    }

    /// The character-by-character normaliser the ASCII fast path replaced: both must agree on
    /// text and offsets.
    fn reference(original: &str) -> (String, Vec<u32>) {
        let (mut text, mut origin, mut in_space) = (String::new(), Vec::new(), false);
        let bytes = original.as_bytes();
        let mut skip_until = 0usize;
        for (at_usize, ch) in original.char_indices() {
            if at_usize < skip_until {
                continue;
            }
            let at = at_usize as u32;
            let escape = ch == '\\' && is_byte_escape(&bytes[at_usize..]);
            if escape {
                skip_until = at_usize + 4;
            }
            if escape || ch.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    origin.push(at);
                    in_space = true;
                }
                continue;
            }
            for nk in std::iter::once(ch).nfkc() {
                for lower in nk.to_lowercase() {
                    if lower.is_whitespace() {
                        if !in_space {
                            text.push(' ');
                            origin.push(at);
                            in_space = true;
                        }
                        continue;
                    }
                    let before = text.len();
                    text.push(lower);
                    origin.extend(std::iter::repeat_n(at, text.len() - before));
                    in_space = false;
                }
            }
        }
        origin.push(original.len() as u32);
        (text, origin)
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_the_character_by_character_normaliser() {
        let pieces = [
            "Java", " ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\u{85}", "\u{a0}", "\u{1c}", "\\",
            r"\xe2", r"\x9", "Ｐｙ", "\u{2017}", "\u{a8}", "É", "ß", "İ", "ﬁ", "C#", "Node.JS",
            "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(state % 9) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let n = Normalized::new(&s);
            assert_eq!((n.text, n.origin), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn literal_byte_escapes_become_separators() {
        let original = r"Skills \xe2\x96\xaaJava\xc2\xb7Go";
        let n = Normalized::new(original);
        assert_eq!(n.text, "skills java go");
        let at = n.text.find("java").unwrap();
        let (s, e) = n.original_range(at, at + 4, original);
        assert_eq!(&original[s..e], "Java");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let original = "Skills:  Ｐｙｔｈｏｎ, Go";
        let n = Normalized::new(original);
        let at = n.text.find("python").unwrap();
        let (s, e) = n.original_range(at, at + "python".len(), original);
        assert_eq!(&original[s..e], "Ｐｙｔｈｏｎ");
        let at = n.text.find("go").unwrap();
        let (s, e) = n.original_range(at, at + 2, original);
        assert_eq!(&original[s..e], "Go");
    }

    #[test]
    fn line_and_column_are_one_based_in_chars() {
        let text = "first\nsécond line Go";
        let starts = line_starts(text);
        let at = text.find("Go").unwrap();
        assert_eq!(line_col(text, &starts, at), (2, 13));
        assert_eq!(line_col(text, &starts, 0), (1, 1));
    }
}
