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
fn check_textual(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return Err("it contains NUL bytes".into());
        }
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
            || c == char::REPLACEMENT_CHARACTER
        {
            control += 1;
        }
    }
    if total > 0 && control * 20 > total {
        return Err(format!(
            "{}% of the first characters are control or undecodable characters",
            control * 100 / total
        ));
    }
    Ok(())
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

    #[test]
    fn binary_junk_is_refused() {
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(to_text(&junk).is_err());
        assert!(to_text(b"abc\0def").is_err());
    }
}
