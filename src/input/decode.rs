//! Bytes to text: byte-order marks, UTF-16, UTF-8, and a Windows-1252 fallback for old files,
//! with a refusal for data that is not text at all.

/// Decode `bytes` as text, or say why it is not text.
pub(crate) fn to_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_legacy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    // UTF-16 without a BOM: ASCII text leaves every other byte NUL.
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() >= 8 {
        let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let half = sample.len() / 2;
        if zeros_odd * 10 >= half * 9 && zeros_even == 0 {
            return utf16(bytes, u16::from_le_bytes);
        }
        if zeros_even * 10 >= half * 9 && zeros_odd == 0 {
            return utf16(bytes, u16::from_be_bytes);
        }
    }
    utf8_or_legacy(bytes)
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, String> {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    check_textual(&text)?;
    Ok(text)
}

fn utf8_or_legacy(bytes: &[u8]) -> Result<String, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            if bytes.contains(&0) {
                return Err("it contains NUL bytes".into());
            }
            // Not UTF-8: most such "text" files are Windows-1252 / Latin-1. Each byte maps to one
            // character, so nothing is lost and the result is still checked for binary junk.
            bytes.iter().map(|&b| cp1252(b)).collect()
        }
    };
    check_textual(&text)?;
    Ok(text)
}

/// Refuse text that is mostly control characters (binary data that happened to decode).
/// Judged on the first 64 Ki characters, read as UTF-8 bytes: a character is control when it is
/// C0 (but for line breaks, tab and form feed), DEL or C1 (`C2 80`..`C2 9F`), or U+FFFD.
fn check_textual(text: &str) -> Result<(), String> {
    const CHARS: usize = 64 * 1024;
    let b = text.as_bytes();
    let (mut total, mut control, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() && total < CHARS {
        // A run of ASCII, where characters are bytes: counted in passes the compiler vectorises.
        let limit = b.len().min(i + (CHARS - total));
        let end = i + ascii_prefix(&b[i..limit]);
        let run = &b[i..end];
        if run.contains(&0) {
            return Err("it contains NUL bytes".into());
        }
        // C0 controls but line feed, carriage return, tab and form feed; and DEL. Bitwise, not
        // short-circuit, so the loop has no branches and vectorises.
        // Counted in bytes, 255 at a time, so sixteen fit in a vector register.
        for chunk in run.chunks(255) {
            let n = chunk.iter().fold(0u8, |n, &c| {
                let c0 = (c < 0x20) & (c != b'\n') & (c != b'\r') & (c != b'\t') & (c != 0x0C);
                n + u8::from(c0 | (c == 0x7F))
            });
            control += usize::from(n);
        }
        total += run.len();
        i = end;
        if i == limit {
            continue;
        }
        // One multi-byte character.
        let width = match b[i] {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let ch = &b[i..i + width];
        if (ch[0] == 0xC2 && ch[1] <= 0x9F) || ch == "\u{FFFD}".as_bytes() {
            control += 1;
        }
        total += 1;
        i += width;
    }
    if total > 0 && control * 20 > total {
        return Err(format!(
            "{}% of the first characters are control or undecodable characters",
            control * 100 / total
        ));
    }
    Ok(())
}

/// How many bytes at the start of `b` are ASCII, eight at a time.
fn ascii_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(word) = b.get(i..i + 8) {
        if u64::from_le_bytes(word.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    i + b[i..].iter().take_while(|c| c.is_ascii()).count()
}

/// Windows-1252 to Unicode (bytes 0x80-0x9F differ from Latin-1).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Skills: Go, Rust".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(to_text(&bytes).unwrap(), "Skills: Go, Rust");
    }

    #[test]
    fn invalid_utf8_falls_back_to_cp1252() {
        assert_eq!(to_text(b"Caf\xE9 \x95 Java").unwrap(), "Café • Java");
    }

    /// The byte-level count agrees with counting characters (`char::is_control`, U+FFFD).
    #[test]
    fn control_characters_are_counted_as_characters() {
        let reference = |text: &str| {
            let chars: Vec<char> = text.chars().take(64 * 1024).collect();
            let control = chars
                .iter()
                .filter(|&&c| {
                    (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
                        || c == char::REPLACEMENT_CHARACTER
                })
                .count();
            control * 20 > chars.len()
        };
        let pieces = [
            "a", "Java ", "\n", "\t", "\x0b", "\x1f", "\x7f", "\u{80}", "\u{9f}", "\u{a0}", "é",
            "\u{FFFD}", "\u{FFFC}", "€", "𝔘", "\u{85}",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut refused = 0;
        for round in 0..20_000 {
            // Every other string from the ASCII pieces only (the first seven): the fast path.
            let choices = if round % 2 == 0 {
                7
            } else {
                pieces.len() as u64
            };
            let mut s = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state % choices) as usize]);
            }
            assert_eq!(check_textual(&s).is_err(), reference(&s), "{s:?}");
            refused += usize::from(reference(&s));
        }
        assert!(refused > 10, "{refused}");
        // Only the first 64 Ki characters count.
        let long = format!("{}{}", "é".repeat(64 * 1024), "\x01".repeat(10_000));
        assert!(check_textual(&long).is_ok());
    }

    #[test]
    fn binary_junk_is_refused() {
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(to_text(&junk).is_err());
        assert!(to_text(b"abc\0def").is_err());
    }
}
